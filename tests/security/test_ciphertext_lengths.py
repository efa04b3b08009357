"""Finding 8: ciphertext lengths leaked special-category facts.

An empty field stayed empty (so "no religion recorded" was visible in a dump), and the
length of the groups column told how many risk groups were chosen.
"""

import io

from django.core.management import call_command
from django.db import connection

from casework import crypto
from detainees.models import RiskGroup, RiskScreening
from detainees.risk.services import risk_screening_save

COLUMNS = ["groups", "ethnicity", "religion", "sogi", "affiliations", "notes"]


def _raw(pk: int) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(COLUMNS)} FROM detainees_riskscreening WHERE id = %s", [pk]
        )
        return dict(zip(COLUMNS, cursor.fetchone(), strict=True))


def test_empty_values_are_encrypted_too(case, lawyer):
    screening = risk_screening_save(case=case, fields={"level": "low"}, by=lawyer)
    raw = _raw(screening.pk)
    assert all(value.startswith(crypto.PREFIX) for value in raw.values())
    assert RiskScreening.objects.get(pk=screening.pk).religion == ""


def test_every_column_has_one_length_whatever_it_holds(case, lawyer):
    all_groups = [value for value, _ in RiskGroup.choices]
    screening = risk_screening_save(
        case=case,
        fields={"level": "high", "groups": all_groups, "ethnicity": "Hazara",
                "religion": "", "sogi": "Gay man", "notes": "x" * 300},
        by=lawyer,
    )  # fmt: skip
    raw = _raw(screening.pk)
    assert len({len(value) for value in raw.values()}) == 1
    one = risk_screening_save(case=case, fields={"level": "high", "groups": all_groups[:1]},
                              by=lawyer)  # fmt: skip
    assert len(_raw(one.pk)["groups"]) == len(raw["groups"])


def test_values_written_before_padding_still_decrypt_and_rotation_upgrades_them(case, lawyer):
    screening = risk_screening_save(case=case, fields={"level": "low"}, by=lawyer)
    multi, _ = crypto._keys()
    legacy = crypto.LEGACY_PREFIX + multi.encrypt(b"Ismaili").decode()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE detainees_riskscreening SET religion = %s, sogi = '' WHERE id = %s",
            [legacy, screening.pk],
        )
    fresh = RiskScreening.objects.get(pk=screening.pk)
    assert (fresh.religion, fresh.sogi) == ("Ismaili", "")

    call_command("rotate_field_keys", stdout=io.StringIO())
    raw = _raw(screening.pk)
    assert raw["religion"].startswith(crypto.PREFIX) and raw["sogi"].startswith(crypto.PREFIX)
    assert not any(crypto.needs_rotation(value) for value in raw.values())
    assert RiskScreening.objects.get(pk=screening.pk).religion == "Ismaili"
