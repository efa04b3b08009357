"""What WeasyPrint may load while rendering a petition: our bundled assets and this case's
own files by id. Everything else (file://, http(s)://, data:, other cases' files) is refused,
so an edited template cannot read the server's disk, reach the network or another case."""

import mimetypes
from pathlib import Path

from weasyprint.urls import URLFetcher, URLFetcherResponse

from casework.models import Case

ASSETS = Path(__file__).resolve().parent.parent / "petition_assets"
ASSET_PREFIX = "panah:asset/"
UPLOAD_PREFIX = "panah:upload/"


class RefusedURL(ValueError):
    pass


def upload_url(file_id: int) -> str:
    return f"{UPLOAD_PREFIX}{file_id}"


class CaseFileFetcher(URLFetcher):
    def __init__(self, case: Case):
        # No handlers are ever used: fetch() below never opens a real URL, so nothing
        # can be redirected elsewhere either.
        super().__init__(allowed_protocols={"panah"}, allow_redirects=False)
        self.case = case
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith(ASSET_PREFIX):
            return self._asset(url)
        if url.startswith(UPLOAD_PREFIX):
            return self._upload(url)
        return self._refuse(url)

    def _refuse(self, url: str):
        self.refused.append(url)
        raise RefusedURL(f"Refused to load {url[:200]}")

    def _asset(self, url: str):
        name = url.removeprefix(ASSET_PREFIX)
        path = (ASSETS / name).resolve()
        if not path.is_file() or ASSETS.resolve() not in path.parents:
            return self._refuse(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    def _upload(self, url: str):
        raw = url.removeprefix(UPLOAD_PREFIX)
        if not raw.isdigit():
            return self._refuse(url)
        # Through the case, never by bare id: another case's file is simply not found.
        stored = self.case.files.filter(pk=int(raw)).first()
        if stored is None or not stored.content_type.startswith("image/"):
            return self._refuse(url)
        with stored.file.open("rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, {"Content-Type": stored.content_type})
