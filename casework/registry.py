"""Extension points of the core. Feature apps fill them from their ``AppConfig.ready()``.

The core never imports a feature app: it asks these registries what the features said
about themselves (pretix's ``register_data_shredders`` and ``logentry_display`` in the
small). Each registry is a plain list or dict filled once at start-up, in app order.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# Timeline ------------------------------------------------------------------------------

# An event's data → the rest of a sentence ("added a hearing: bail"), or a fixed string.
Describe = Callable[[dict[str, Any]], str] | str
timeline_sentences: dict[str, Describe] = {}


def register_sentences(sentences: dict[str, Describe]) -> None:
    clashes = set(sentences) & set(timeline_sentences)
    if clashes:
        raise ValueError(f"Timeline verbs registered twice: {', '.join(sorted(clashes))}")
    timeline_sentences.update(sentences)


# Retention -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Anonymiser:
    """What retention does to one app's data for a closed case past its retention period.

    ``wipe(case, person_too)`` blanks the personal and free-text fields it claims;
    ``files(case)`` lists the stored files to delete once the wipe is committed.
    ``claims`` maps a model label to the fields it wipes; ``keeps`` to those it keeps on
    purpose (what the analytics count). A test fails if a model with a personal or
    free-text field is in neither, so a field added later cannot escape retention.
    """

    name: str
    wipe: Callable[..., None]
    claims: dict[str, set[str]] = field(default_factory=dict)
    keeps: dict[str, set[str]] = field(default_factory=dict)
    files: Callable[[Any], Iterable] = lambda case: ()
    order: int = 100


anonymisers: list[Anonymiser] = []
# Models with text fields that hold no client data at all (courts, rules, settings): why.
retention_exempt: dict[str, str] = {}


def register_anonymiser(anonymiser: Anonymiser) -> None:
    anonymisers.append(anonymiser)
    anonymisers.sort(key=lambda a: a.order)


def register_retention_exempt(model_label: str, reason: str) -> None:
    retention_exempt[model_label] = reason


# Tokens ---------------------------------------------------------------------------------

# Every kind of secret a user can hold besides the session (a calendar-feed link, API
# tokens): ``revoke(*, user, by) -> int`` by name. Signing out everywhere, a password
# change, a second-factor reset and "revoke access now" call them all.
token_revokers: dict[str, Callable[..., int]] = {}


def register_token_revoker(name: str, revoke: Callable[..., int]) -> None:
    if name in token_revokers:
        raise ValueError(f"Token revoker registered twice: {name}")
    token_revokers[name] = revoke


# Organisation settings -------------------------------------------------------------------

# What a feature keeps worked out from an organisation's settings (the papers verdicts
# are given on the day of arrest in its time zone): ``hook(*, organisation, changed)``,
# called by casework.organisation_services.organisation_update inside its transaction
# with the names of the settings that changed.
settings_change_hooks: dict[str, Callable[..., None]] = {}


def register_settings_change_hook(name: str, hook: Callable[..., None]) -> None:
    if name in settings_change_hooks:
        raise ValueError(f"Settings change hook registered twice: {name}")
    settings_change_hooks[name] = hook


# Case page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseSection:
    """A card on the case page: its template gets ``section`` = ``context(case, user, now)``."""

    key: str
    template: str
    context: Callable[..., dict[str, Any] | None]
    order: int = 100


case_sections: list[CaseSection] = []


def register_case_section(section: CaseSection) -> None:
    if any(s.key == section.key for s in case_sections):
        raise ValueError(f"Case page section registered twice: {section.key}")
    case_sections.append(section)
    case_sections.sort(key=lambda s: s.order)


# Case export ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFile:
    name: str  # its path inside the ZIP
    file: Any  # a Django FieldFile
    stored_file_id: int | None = None  # recorded in the export's audit event


@dataclass(frozen=True)
class ExportPart:
    """What a case export takes from one app: a section of the summary PDF (``template``
    rendered with ``context(case)``) and files for the ZIP. Special-category data never
    goes into an export: it would leave every control the application has."""

    key: str
    template: str
    context: Callable[[Any], dict[str, Any]]
    files: Callable[[Any], Iterable[ExportFile]] = lambda case: ()
    order: int = 100


export_parts: list[ExportPart] = []


def register_export_part(part: ExportPart) -> None:
    if any(p.key == part.key for p in export_parts):
        raise ValueError(f"Export part registered twice: {part.key}")
    export_parts.append(part)
    export_parts.sort(key=lambda p: p.order)


# Page header ---------------------------------------------------------------------------

# Counts shown in every page's header (petitions awaiting my approval…): name → a function
# of the viewer's membership returning the queryset whose rows are counted, or None for
# none. The header reads them all, with the unread notifications, in one query.
header_counts: dict[str, Callable[[Any], Any]] = {}


def register_header_count(name: str, rows: Callable[[Any], Any]) -> None:
    if name in header_counts:
        raise ValueError(f"Header count registered twice: {name}")
    header_counts[name] = rows


# Stored files ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FileColumn:
    """A model field that names stored files, and the folder its files are written in:
    the orphan sweep (casework/orphan_files.py) deletes a file in that folder only when no
    registered column names it. A test fails if a FileField is registered by nobody."""

    model: str  # "app_label.Model"
    field: str
    folder: str  # e.g. "petitions/": every name the field holds starts with it


file_columns: list[FileColumn] = []


def register_file_column(column: FileColumn) -> None:
    if any((c.model, c.field) == (column.model, column.field) for c in file_columns):
        raise ValueError(f"File column registered twice: {column.model}.{column.field}")
    if not column.folder.endswith("/") or column.folder.startswith("/"):
        raise ValueError(f"A file folder is relative and ends with '/': {column.folder!r}")
    file_columns.append(column)
