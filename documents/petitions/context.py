"""The curated context a petition template sees: plain values only, never model instances.

A template (which administrators edit) can read exactly these keys; everything is a str,
int, bool, list or dict, so there is no method, related manager or queryset to reach.
The coverage engine's explanations are not among them: the verdict advises the drafter on
screen (``advice``, removed before rendering) and never reaches a pleading.

    organisation.name, organisation.letterhead
    case.reference
    person.name (Latin script, else the Perso-Arabic), person.name_native (only when it
        differs), person.full_name ("Zarif Hotaki (ظریف هوتکی)", each script once),
        person.name_ur, person.father_name, person.father_name_native, person.father_name_ur,
        person.parentage ("son of …" / "daughter of …" / "whose father is …"),
        person.parentage_ur ("ولد …" / "دختر …" / "والد کا نام …"), person.child_of,
        person.child_of_short ("s/o", "d/o"), person.he / him / his (the petitioner when
        gender is not recorded), person.female, Urdu agreement: person.ka_ur, gaya_ur,
        tha_ur, hoga_ur, raha_ur, karta_ur, wala_ur; person.age, person.origin,
        person.address, person.year_of_arrival, person.years_in_pakistan,
        person.family_in_pakistan, person.illness (as recorded to be pleaded)
    detention.arrested_on / arrested_on_ur, arrest_place, agency, police_station,
        fir_number, fir_date / fir_date_ur, sections_charged (as recorded, else ""),
        custody_location, produced_on / produced_on_ur, production_delay_hours (only over
        24), days_in_custody, in_custody, holding_centre, whereabouts_unknown
    documents: the documents the petition may plead, each {kind, kind_ur, number, expiry,
        expiry_ur, name_as_printed, valid_until, valid_until_ur, citation (the decision and
        its date), is_unhcr, annexure}
    facts: grounds that hold on the record: unhcr_document, unhcr_verified (a UNHCR
        verification of a document, or a verification request answered "verified"),
        unhcr_verified_on / _ur, unhcr_verified_reference, unhcr_request_pending (a request
        sent or a UNHCR referral, unanswered), unhcr_request_on / _ur, long_residence,
        minor, elderly, woman, risk_on_return, foreigners_act
    applications: {earlier: list of {kind, court, court_ur, number, filed_on, result,
        order_on, …}, none (bool), refused (the latest refused bail, or {}), pending}
    sureties: list of {name, parentage ("son of …"), parentage_short ("s/o …"),
        parentage_ur, relation_to_detainee, cnic, address, phone, solvency, solvency_value
        ("Rs. 5,00,000/-"), solvency_value_ur, female,
        verbs_ur.{karta, janta, leta, deta, karunga}};
        surety (the first, or {}); surety_affidavits (the sureties, or one blank {} so the
        affidavit prints as a form to fill in); next_friend (same keys, or {})
    bail_bond.{amount ("Rs. 1,00,000/-"), amount_ur ("1,00,000/- روپے"), court, court_ur,
        order_on, order_on_ur} of the latest bail granted with a bond fixed, else {}
    unhcr_consent.{written (signed or thumb-printed, not oral), on, on_ur}: the latest
        consent recorded on a UNHCR verification request
    today.long, today.ur, today.year
    -- added at render time, not snapshotted:
    sureties[].cnic, surety.cnic, next_friend.cnic (decrypted from the records: a CNIC is
        never copied into the stored snapshot),
    court (the heading as the drafter left it), forum.{name, name_ur, city, district,
        province, level, police, police_ur}, advocate.{name, name_ur, enrolment_number,
        bar_council, office_address, phone}, sections.facts / grounds / prayer_additions
        (lists of paragraphs, ready to follow "That"), annexures: list of {letter, title},
        release_provision.{en, ur}
"""

from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone

from casework.models import Case
from detainees.models import (
    ApplicationKind,
    ApplicationResult,
    CaseContact,
    ConsentHow,
    ContactRole,
    CustodyStatus,
    ReferralBody,
    UnhcrAnswer,
)
from documents.petitions import language
from documents.petitions.grounds import documents_and_advice, production_delay_hours, unhcr_verified
from documents.petitions.language import (
    deponent_forms,
    long_date,
    rupees,
    rupees_ur,
    urdu_date,
)

# Long residence is a ground from five years in Pakistan; the Urdu and English agree on it.
LONG_RESIDENCE_YEARS = 5
PENDING_REFERRAL = ("sent", "acknowledged", "accepted")

APPLICATION_KIND_UR = {
    ApplicationKind.BAIL: "درخواست ضمانت",
    ApplicationKind.HABEAS: "درخواست حبس بے جا",
    ApplicationKind.RELEASE: "درخواست رہائی",
}
RESULT_UR = {
    ApplicationResult.PENDING: "زیر سماعت",
    ApplicationResult.GRANTED: "منظور",
    ApplicationResult.REFUSED: "خارج",
    ApplicationResult.WITHDRAWN: "واپس لی گئی",
    ApplicationResult.INFRUCTUOUS: "غیر مؤثر قرار دے کر نمٹا دی گئی",
}


def _local_date(moment, zone: ZoneInfo) -> date | None:
    # Days as the organisation counts them, whatever zone the request or worker runs in.
    return timezone.localtime(moment, zone).date() if moment else None


def _person(person, today: date) -> dict:
    latin = " ".join(p for p in (person.given_name, person.family_name) if p)
    native = person.native_name
    forms = language.gender_forms(person.gender)
    age = person.estimated_age
    if person.date_of_birth:
        born = person.date_of_birth
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    years = today.year - person.year_of_arrival if person.year_of_arrival else None
    father = person.father_name or person.father_name_native
    father_ur = person.father_name_native or person.father_name
    return {
        "name": latin or native,
        "name_native": native if native != (latin or native) else "",
        "full_name": language.name_with_script(latin, native),
        "name_ur": native or latin,
        "father_name": father,
        "father_name_native": person.father_name_native
        if person.father_name_native != father
        else "",
        "father_name_ur": father_ur,
        "parentage": language.parentage(
            person.gender, father, person.husband_name or person.husband_name_native
        ),
        "parentage_ur": language.parentage_ur(
            person.gender, father_ur, person.husband_name_native or person.husband_name
        ),
        **forms,
        "gender": person.gender,
        "female": person.gender == "female",
        "age": age or "",
        "origin": ", ".join(p for p in (person.district_of_origin, person.province_of_origin) if p),
        "languages": person.languages,
        "address": " ".join(person.address_in_pakistan.split()),
        "year_of_arrival": person.year_of_arrival or "",
        "years_in_pakistan": years or "",
        "family_in_pakistan": " ".join(person.family_in_pakistan.split()),
        "illness": " ".join(person.illness.split()),
    }


def _detention(detention, now, zone: ZoneInfo) -> dict:
    arrested = _local_date(detention.arrested_at, zone)
    in_custody = detention.status == CustodyStatus.IN_CUSTODY
    days = (timezone.localtime(now, zone).date() - arrested).days if in_custody else None
    return {
        "arrested_on": long_date(arrested),
        "arrested_on_ur": urdu_date(arrested),
        "arrest_place": detention.arrest_place,
        "agency": detention.get_arresting_agency_display() if detention.arresting_agency else "",
        "police_station": detention.police_station,
        "fir_number": detention.fir_number,
        "fir_date": long_date(detention.fir_date),
        "fir_date_ur": urdu_date(detention.fir_date),
        "sections_charged": detention.sections_charged,
        "custody_location": detention.custody_location,
        "produced_on": long_date(_local_date(detention.produced_at, zone)),
        "produced_on_ur": urdu_date(_local_date(detention.produced_at, zone)),
        "production_delay_hours": production_delay_hours(detention) or "",
        "days_in_custody": days or "",
        "in_custody": in_custody,
        "holding_centre": detention.status == CustodyStatus.HOLDING_CENTRE,
        "whereabouts_unknown": detention.status == CustodyStatus.UNKNOWN,
    }


def _applications(case: Case) -> dict:
    earlier = [
        {
            "kind": a.kind,
            "kind_label": a.get_kind_display(),
            "kind_ur": APPLICATION_KIND_UR.get(a.kind, ""),
            "court": a.court.name,
            "court_ur": a.court.name_ur or a.court.name,
            "court_level": a.court.level,
            "number": a.number,
            "filed_on": long_date(a.filed_on),
            "filed_on_ur": urdu_date(a.filed_on),
            "result": a.result,
            "result_label": a.get_result_display().lower(),
            "result_ur": RESULT_UR.get(a.result, ""),
            "order_on": long_date(a.order_on),
            "order_on_ur": urdu_date(a.order_on),
        }
        for a in case.applications.select_related("court").order_by("filed_on", "id")
    ]
    refused = [a for a in earlier if a["kind"] == "bail" and a["result"] == "refused"]
    return {
        "earlier": earlier,
        "none": not earlier,
        "refused": refused[-1] if refused else {},
        "pending": any(a["result"] == "pending" for a in earlier),
    }


def _facts(case: Case, person: dict, pleaded: list[dict], rows, today: date) -> dict:
    referral = (
        case.referrals.filter(body=ReferralBody.UNHCR, status__in=PENDING_REFERRAL)
        .order_by("-referred_on", "-id")
        .first()
    )
    requests = list(case.unhcr_requests.filter(sent_on__isnull=False).order_by("-sent_on", "-id"))
    verified = next((r for r in requests if r.answer == UnhcrAnswer.VERIFIED), None)
    awaited = next((r for r in requests if not r.answer), None)
    asked_on = max(
        [d for d in (awaited and awaited.sent_on, referral and referral.referred_on) if d],
        default=None,
    )
    screening = getattr(case, "risk_screening", None)  # a missing one is an AttributeError
    sections = case.detention.sections_charged.lower()
    age = person["age"] or 0
    return {
        "unhcr_document": any(d["is_unhcr"] for d in pleaded),
        "por_document": any(d["kind_code"] in ("por", "por_family") for d in pleaded),
        "unhcr_verified": unhcr_verified(rows) or verified is not None,
        "unhcr_verified_on": long_date(verified.answered_on) if verified else "",
        "unhcr_verified_on_ur": urdu_date(verified.answered_on) if verified else "",
        "unhcr_verified_reference": verified.their_reference if verified else "",
        "unhcr_request_pending": verified is None and (awaited or referral) is not None,
        "unhcr_request_on": long_date(asked_on),
        "unhcr_request_on_ur": urdu_date(asked_on),
        "long_residence": bool(person["years_in_pakistan"])
        and person["years_in_pakistan"] >= LONG_RESIDENCE_YEARS,
        "minor": bool(age) and age < 18,
        "under_sixteen": bool(age) and age < 16,
        "elderly": age >= 60,
        "woman": person["female"],
        # The level alone: which group puts the client at risk is special-category data,
        # pleaded only when the drafter writes it in the grounds.
        "risk_on_return": screening is not None and screening.level == "high",
        # s.14A restricts bail under the Foreigners Act; with no sections recorded the charge
        # is presumably the usual one, and the petition answers it either way.
        "foreigners_act": not sections or "foreigner" in sections,
    }


def _contact(contact: CaseContact) -> dict:
    forms = deponent_forms(contact.relation, contact.relation_name)
    return {
        "id": contact.pk,
        "name": contact.name,
        **forms,
        "relation_to_detainee": contact.relation_to_detainee,
        "cnic": "",  # filled in at render time by with_cnics
        "address": " ".join(contact.address.split()),
        "phone": contact.phone,
        "solvency": " ".join(contact.solvency.split()),
        "solvency_value": rupees(contact.solvency_value),
        "solvency_value_ur": rupees_ur(contact.solvency_value),
    }


def _contacts(case: Case) -> dict:
    # ``defer``: the snapshot never holds a CNIC, so none is decrypted here.
    contacts = list(case.contacts.defer("cnic").order_by("created_at", "id"))
    sureties = [_contact(c) for c in contacts if c.role == ContactRole.SURETY]
    friend = next((c for c in contacts if c.role == ContactRole.NEXT_FRIEND), None)
    return {
        "sureties": sureties,
        "surety": sureties[0] if sureties else {},
        "surety_affidavits": sureties or [{}],
        "next_friend": _contact(friend) if friend else {},
    }


def with_cnics(case_id: int, context: dict) -> dict:
    """The contacts of a snapshot with their CNICs, decrypted from the case's records at
    render time. A contact removed since the snapshot keeps a blank for the number."""
    ids = [c["id"] for c in context.get("sureties", [])]
    friend = context.get("next_friend") or {}
    if friend.get("id"):
        ids.append(friend["id"])
    found = CaseContact.objects.filter(case_id=case_id, pk__in=ids).values_list("pk", "cnic")
    cnics = dict(found) if ids else {}
    sureties = [{**c, "cnic": cnics.get(c["id"], "")} for c in context.get("sureties", [])]
    return {
        "sureties": sureties,
        "surety": sureties[0] if sureties else {},
        "surety_affidavits": sureties or [{}],
        "next_friend": {**friend, "cnic": cnics.get(friend["id"], "")} if friend else {},
    }


def _unhcr_consent(case: Case) -> dict:
    """The latest recorded consent to contact UNHCR; ``written`` unless it was oral. With
    none recorded (a snapshot from before), the letter keeps its written-consent wording."""
    consented = [r for r in case.unhcr_requests.order_by("-consent_on", "-id") if r.has_consent]
    if not consented:
        return {"written": True, "on": "", "on_ur": ""}
    latest = consented[0]
    return {
        "written": latest.consent_how != ConsentHow.ORAL,
        "on": long_date(latest.consent_on),
        "on_ur": urdu_date(latest.consent_on),
    }


def _bail_bond(case: Case) -> dict:
    granted = (
        case.applications.filter(
            kind=ApplicationKind.BAIL, result=ApplicationResult.GRANTED, bond_amount__isnull=False
        )
        .select_related("court")
        .order_by("-order_on", "-id")
        .first()
    )
    if granted is None:
        return {}
    return {
        "amount": rupees(granted.bond_amount),
        "amount_ur": rupees_ur(granted.bond_amount),
        "court": granted.court.name,
        "court_ur": granted.court.name_ur or granted.court.name,
        "order_on": long_date(granted.order_on),
        "order_on_ur": urdu_date(granted.order_on),
    }


def petition_context(case: Case, *, now=None) -> dict:
    """The snapshot stored on a petition. ``case`` comes from ``case_for_user``."""
    now = now or timezone.now()
    zone = ZoneInfo(case.organisation.time_zone)
    today = timezone.localtime(now, zone).date()
    person = _person(case.person, today)
    pleaded, advice, rows = documents_and_advice(case)
    facts = _facts(case, person, pleaded, rows, today)
    if not facts["unhcr_verified"]:
        advice.append(
            language_advice(
                "Rahil Azizi v. The State",
                "Not cited: no UNHCR verification of the client is recorded.",
                "Record UNHCR's confirmation as a verification of the document to cite it.",
            )
        )
    if not case.person.gender:
        advice.append(
            language_advice(
                "Gender",
                "Not recorded: the petition names the client as “the petitioner” and gives "
                "the father's name without “son of” or “daughter of”.",
                "Record the client's gender for the usual forms (s/o, d/o; ولد، دختر).",
            )
        )
    if not case.detention.sections_charged and case.detention.fir_number:
        advice.append(
            language_advice(
                "Sections charged",
                "Not recorded: the petition refers to “the sections mentioned in the FIR”.",
                "Copy the sections from the FIR into the detention details.",
            )
        )
    return {
        "organisation": {
            "name": case.organisation.name,
            "letterhead": case.organisation.letterhead,
        },
        "case": {"reference": case.reference},
        "person": person,
        "detention": _detention(case.detention, now, zone),
        "documents": pleaded,
        "facts": facts,
        "applications": _applications(case),
        **_contacts(case),
        "bail_bond": _bail_bond(case),
        "unhcr_consent": _unhcr_consent(case),
        "advice": [a if isinstance(a, dict) else a.as_dict() for a in advice],
        "today": {"long": long_date(today), "ur": urdu_date(today), "year": today.year},
    }


def language_advice(subject: str, message: str, check: str) -> dict:
    return {"subject": subject, "message": message, "check": check}


def paragraphs(text: str) -> list[str]:
    """Free text as the numbered paragraphs a petition is made of: split on blank lines."""
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]
