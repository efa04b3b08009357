"""The shared validity timeline as Panah ships it, each rule traced to a specific report.

Platform staff edit it in the app afterwards. A start date is marked assumed only when
no source gives it (the day after the previous expiry, because extensions were
announced late and applied back to the lapse); ``known_from`` is then the first day the
rule certainly applied (its decision or the report of it). Renewals that issued new
cards name only those cards (``issued_from``). ``replaces`` names the decision text a
row had in the first seed, so migration 0006 corrects those rows in place with a new
version rather than adding a second copy.
"""

from datetime import date

POR = "por"
ACC = "acc"
TO_BE_CONFIRMED = "source to be confirmed"

# The 2014 renewal replaced the cards that expired in Dec 2012 from Feb 2014; DRIVE issued
# smart cards from 15 Mar 2021. Extensions name the cards of the renewal before them.
RENEWAL_2014 = date(2014, 2, 1)
DRIVE = date(2021, 3, 15)

RULES = [
    dict(kind=POR, valid_from=RENEWAL_2014, valid_until=date(2015, 12, 31),
         issued_from=RENEWAL_2014,
         decision="PoR cards of the 2014 renewal, valid until 31 Dec 2015",
         decided_on=None,
         source_title="The Nation, 1 Oct 2014: UNHCR asks Afghan refugees to get valid status",
         source_url="https://nation.com.pk/01-Oct-2014/unhcr-asks-afghan-refugees-to-get-valid-status",
         certainty="confirmed",
         notes="The renewal replaced cards that expired in Dec 2012, from Feb 2014 to "
               "31 Dec 2014 (government decision of July 2013). Only the renewed cards "
               "are covered; an older card is not.",
         replaces="2014 renewal of PoR cards, valid until 31 Dec 2015"),
    dict(kind=POR, valid_from=date(2016, 1, 1), valid_until=date(2016, 6, 30),
         issued_from=RENEWAL_2014,
         decision="Prime Minister's temporary extension of PoR cards to 30 Jun 2016",
         decided_on=None, start_assumed=True, known_from=date(2016, 1, 14),
         source_title="Dawn, 14 Jan 2016: PM grants six-month extension to Afghan refugees",
         source_url="https://www.dawn.com/news/1232892/pm-grants-six-month-extension-to-afghan-refugees",
         certainty="confirmed",
         notes="Reported on 14 Jan 2016 as decided two days earlier and communicated by "
               "SAFRON to home departments and police, for cards whose stay expired in "
               "Dec 2015. The report does not say it ran from 1 Jan 2016."),
    dict(kind=POR, valid_from=date(2016, 7, 1), valid_until=date(2016, 12, 31),
         issued_from=RENEWAL_2014,
         decision="Extension of PoR cards to 31 Dec 2016 (inferred)",
         decided_on=None, start_assumed=True,
         source_title="Best Current Affairs: Pakistan extends stay of Afghan refugees",
         source_url="https://bestcurrentaffairs.com/pakistan-extends-stay-afghan-refugees/",
         certainty="uncertain",
         notes="Inferred from the report that the legal stay 'was scheduled to end on "
               "December 31, 2016'; the decision itself is not identified."),
    dict(kind=POR, valid_from=date(2017, 1, 1), valid_until=date(2017, 3, 31),
         issued_from=RENEWAL_2014,
         decision="Extension of PoR cards to 31 Mar 2017", decided_on=None,
         source_title="Best Current Affairs: Pakistan extends stay of Afghan refugees",
         source_url="https://bestcurrentaffairs.com/pakistan-extends-stay-afghan-refugees/",
         certainty="confirmed",
         notes="Extends the stay that was to end on 31 Dec 2016. The domain brief cites "
               "UNHCR Pakistan's archived asylum-system page for the same date.",
         replaces="Extension of PoR cards to 31 Mar 2017"),
    dict(kind=POR, valid_from=date(2017, 4, 1), valid_until=date(2018, 1, 31),
         issued_from=RENEWAL_2014,
         decision="Extensions of PoR cards to 31 Jan 2018 (inferred)", decided_on=None,
         start_assumed=True,
         source_title="The Nation, 1 Feb 2018: Pakistan extends Afghan refugees' "
                      "repatriation deadline",
         source_url="https://nation.com.pk/01-Feb-2018/pakistan-extends-afghan-refugees-repatriation-deadline",
         certainty="uncertain",
         notes="Inferred: the report says validity expired on 31 Jan 2018 and the previous "
               "extension was 'only for a month'; the decisions between Apr 2017 and "
               "Jan 2018 are not identified.",
         replaces="Extension of PoR cards to 31 Jan 2018 (inferred)"),
    dict(kind=POR, valid_from=date(2018, 2, 1), valid_until=date(2018, 3, 31),
         issued_from=RENEWAL_2014,
         decision="Federal cabinet decision granting a 60-day extension of PoR cards to "
                  "31 Mar 2018", decided_on=date(2018, 1, 31),
         source_title="The Nation, 1 Feb 2018: Pakistan extends Afghan refugees' "
                      "repatriation deadline",
         source_url="https://nation.com.pk/01-Feb-2018/pakistan-extends-afghan-refugees-repatriation-deadline",
         certainty="confirmed",
         notes="UNHCR's protection report of Mar 2018 (ReliefWeb) states the validity was "
               "extended 'from 31 January until 31 March 2018'.",
         replaces="60-day extension of PoR cards after the 31 Jan 2018 expiry"),
    dict(kind=POR, valid_from=date(2018, 4, 1), valid_until=date(2018, 6, 30),
         issued_from=RENEWAL_2014,
         decision="Federal cabinet decision extending PoR cards to 30 Jun 2018",
         decided_on=date(2018, 2, 20),
         source_title="ReliefWeb: UNHCR Pakistan monthly protection trends (Mar 2018)",
         source_url="https://reliefweb.int/report/pakistan/unhcr-pakistan-monthly-protection-trends-reporting-concerning-afghan-refugees",
         certainty="confirmed",
         notes="Decided before the 31 Mar 2018 expiry, so it runs on from 1 Apr 2018. The "
               "report notes the official communication was still awaited.",
         replaces="Federal cabinet decision extending PoR cards to 30 Jun 2018"),
    dict(kind=POR, valid_from=date(2018, 7, 1), valid_until=date(2019, 6, 30),
         issued_from=RENEWAL_2014,
         decision="Federal cabinet decision extending PoR cards to 30 Jun 2019",
         decided_on=date(2018, 10, 2), start_assumed=True, known_from=date(2018, 10, 2),
         source_title="ReliefWeb: Pakistan, Afghan refugees registration update, "
                      "31 Dec 2018",
         source_url="https://reliefweb.int/report/pakistan/pakistan-afghan-refugees-registration-update-31-december-2018",
         certainty="confirmed",
         notes="Cards that expired at the end of 2015 extended through official "
               "notification until 30 Jun 2019. Decided after the 30 Jun 2018 expiry; the "
               "report does not say it ran from 1 Jul 2018.",
         replaces="Federal cabinet decision extending PoR cards to 30 Jun 2019"),
    dict(kind=POR, valid_from=date(2019, 7, 1), valid_until=date(2020, 6, 30),
         issued_from=RENEWAL_2014,
         decision="Notification extending PoR cards to 30 Jun 2020",
         decided_on=date(2019, 6, 27),
         source_title="Commissionerate for Afghan Refugees, Punjab (notification of "
                      "27 Jun 2019)",
         source_url="", certainty="confirmed",
         notes="Issued before the 30 Jun 2019 expiry, so it runs on from 1 Jul 2019. "
               "The specific page is to be confirmed.",
         replaces="Notification extending PoR cards to 30 Jun 2020"),
    dict(kind=POR, valid_from=date(2020, 7, 1), valid_until=date(2021, 6, 30),
         issued_from=RENEWAL_2014,
         decision="One-year extension of PoR cards to 30 Jun 2021 for COVID-19 (inferred)",
         decided_on=None,
         source_title="Jasarat, Jun 2020: stay of Afghan refugees to be extended by a year",
         source_url="https://a.jasarat.com/?p=843307",
         certainty="uncertain",
         notes="The report, two days before the 30 Jun 2020 expiry, says the extension was "
               "to be approved the next day; the decision itself is not identified."),
    dict(kind=POR, valid_from=DRIVE, valid_until=date(2023, 6, 30), issued_from=DRIVE,
         decision="Smart PoR cards and certificates issued in the 2021-22 renewal (DRIVE), "
                  "valid until 30 Jun 2023", decided_on=None,
         source_title="ReliefWeb: DRIVE Pakistan verification exercise update, Dec 2021",
         source_url="https://reliefweb.int/report/pakistan/drive-pakistan-verification-exercise-update-december-2021",
         certainty="confirmed",
         notes="DRIVE ran from 15 Mar 2021 and issued smart cards with two years' "
               "validity; The Nation (9 Nov 2023) states they expired on 30 Jun 2023. It "
               "covers only the cards it issued: an older card never renewed is not "
               "covered, nor any card before the renewal.",
         replaces="Smart PoR cards of the 2021-22 renewal (DRIVE), two-year validity to "
                  "30 Jun 2023"),
    dict(kind=POR, valid_from=date(2023, 7, 1), valid_until=date(2023, 12, 31),
         issued_from=DRIVE,
         decision="Federal cabinet decision (by circulation) extending PoR cards and "
                  "certificates from 1 Jul 2023 to 31 Dec 2023",
         decided_on=date(2023, 11, 10),
         source_title="The Nation, 9 Nov 2023: Govt approves extension in 1.3 million "
                      "Afghan refugees' stay",
         source_url="https://www.nation.com.pk/09-Nov-2023/govt-approves-extension-in-1-3-million-afghan-refugees-stay",
         certainty="confirmed",
         notes="The report gives the period from 1 Jul 2023; the notification is dated "
               "10 Nov 2023. Covers the DRIVE cards and certificates.",
         replaces="Federal cabinet decision extending PoR cards to 31 Dec 2023 "
                  "(notification of 10 Nov 2023)"),
    dict(kind=POR, valid_from=date(2024, 1, 1), valid_until=date(2024, 3, 31),
         issued_from=DRIVE,
         decision="Extension of PoR cards to 31 Mar 2024 (inferred)", decided_on=None,
         start_assumed=True,
         source_title="The Nation, 27 Apr 2024: Govt extends stay of registered Afghan "
                      "refugees until June 30",
         source_url="https://www.nation.com.pk/27-Apr-2024/govt-extends-stay-of-registered-afghan-refugees-until-june-30",
         certainty="uncertain",
         notes="Inferred from reports that the cards 'expired on April 1, 2024'; no "
               "decision for 1 Jan to 31 Mar 2024 is identified.",
         replaces="Extension of PoR cards to 31 Mar 2024 (inferred)"),
    dict(kind=POR, valid_from=date(2024, 4, 1), valid_until=date(2024, 6, 30),
         issued_from=DRIVE,
         decision="Federal cabinet decision extending PoR cards from 1 Apr 2024 to "
                  "30 Jun 2024", decided_on=date(2024, 4, 26),
         source_title="The Nation, 27 Apr 2024: Govt extends stay of registered Afghan "
                      "refugees until June 30",
         source_url="https://www.nation.com.pk/27-Apr-2024/govt-extends-stay-of-registered-afghan-refugees-until-june-30",
         certainty="confirmed",
         notes="Cabinet meeting of 26 Apr 2024 on a SAFRON summary; The News and Business "
               "Recorder report the period as 1 Apr to 30 Jun 2024.",
         replaces="Federal cabinet decision of Apr 2024 extending PoR cards to 30 Jun 2024"),
    dict(kind=POR, valid_from=date(2024, 7, 1), valid_until=date(2025, 6, 30),
         issued_from=DRIVE,
         decision="Federal cabinet decision of 10 Jul 2024 and SAFRON notification "
                  "extending PoR cards from 1 Jul 2024 to 30 Jun 2025",
         decided_on=date(2024, 7, 10),
         source_title="The News: Afghan refugees' stay extended for a year",
         source_url="https://www.thenews.com.pk/amp/1212486-afghan-refugees-stay-extended-for-a-year",
         certainty="confirmed", notes="Period as stated in the notification.",
         replaces="Federal cabinet decision of 10 Jul 2024; SAFRON notification for "
                  "1 Jul 2024 to 30 Jun 2025"),
    dict(kind=POR, valid_from=date(2025, 7, 1), valid_until=date(2025, 7, 31),
         issued_from=DRIVE,
         decision="SAFRON circular asking authorities not to harass or detain PoR card "
                  "holders until a final decision on extension",
         decided_on=None, start_assumed=True,
         source_title="Business Recorder, 6 Jul 2025: Afghan refugees: action against "
                      "valid PoR cards holders refrained",
         source_url="https://www.brecorder.com/news/40371316/afghan-refugees-action-against-valid-por-cards-holders-refrained",
         certainty="uncertain",
         notes="A circular pending a decision, not an extension; the Interior Ministry's "
               "order of 31 Jul 2025 ended it."),
    dict(kind=POR, effect="ends", valid_from=date(2025, 7, 31), valid_until=None,
         decision="Interior Ministry SRO: PoR cards expired on 30 Jun 2025 and holders' stay "
                  "is unlawful; formal deportation from 1 Sep 2025",
         decided_on=date(2025, 7, 31),
         source_title="Ariana News: Pakistan orders repatriation of registered Afghan "
                      "refugees",
         source_url="https://www.ariananews.af/pakistan-orders-repatriation-of-registered-afghan-refugees-sparking-widespread-panic/amp",
         certainty="confirmed",
         notes="IFRP phase 3. SRO issued on Thursday 31 Jul 2025 invoking s.3 Foreigners "
               "Act 1946 'forthwith'; Interior Ministry letter of 4 Aug 2025 sets "
               "deportation from 1 Sep 2025.",
         replaces="PoR cards not renewed after 30 Jun 2025; Interior Ministry: holders "
                  "unlawful from 31 Jul 2025, formal deportation from 1 Sep 2025"),
    dict(kind=ACC, valid_from=date(2017, 8, 16), valid_until=date(2025, 3, 31),
         decision="Afghan Citizen Card approved by the federal cabinet on 7 Feb 2017; "
                  "registration from 16 Aug 2017; temporary stay for periods the "
                  "government sets", decided_on=date(2017, 2, 7),
         source_title="Federal cabinet approval of the Afghan Citizen Card (domain brief)",
         source_url="", certainty="uncertain",
         notes="The periods of stay the government set for ACC holders are not verified; "
               "the end date is the IFRP phase 2 deadline.",
         replaces="Afghan Citizen Card approved by the federal cabinet on 7 Feb 2017; "
                  "registration from 16 Aug 2017; temporary stay for periods the "
                  "government sets"),
    dict(kind=ACC, valid_from=date(2023, 10, 11), valid_until=date(2025, 3, 31),
         decision="SAFRON notification: holders of valid PoR cards and Afghan Citizen "
                  "Cards allowed to reside temporarily and not to be harassed or arrested",
         decided_on=None,
         source_title="ARY News, 11 Oct 2023: Afghan migrants registered in Pakistan can "
                      "temporarily stay",
         source_url="https://arynews.tv/afghan-migrants-registered-in-pakistan-can-temporarily-stay/",
         certainty="confirmed",
         notes="Runs from the day of the report until the IFRP phase 2 deadline."),
    dict(kind=ACC, effect="ends", valid_from=date(2025, 4, 1), valid_until=None,
         decision="IFRP phase 2: Interior Ministry notice requiring ACC holders to leave "
                  "by 31 Mar 2025; deportation from 1 Apr 2025", decided_on=date(2025, 3, 7),
         source_title="The Nation, 8 Mar 2025: Pakistan sets March 31 deadline for Afghan "
                      "Citizen Card holders to leave",
         source_url="https://www.nation.com.pk/08-Mar-2025/pakistan-sets-march-31-deadline-for-afghan-citizen-card-holders-to-leave",
         certainty="confirmed", notes="IFRP phase 2.",
         replaces="IFRP phase 2: notice of 7 Mar 2025 requiring ACC holders to leave by "
                  "31 Mar 2025; deportation from 1 Apr 2025"),
]  # fmt: skip

SEED_REASON = "Seeded from the published reports listed as each rule's source."
CORRECTION_REASON = (
    "Corrected against the published reports: the start date each source gives (or marked "
    "assumed), the cards each renewal covers, and the specific report as the source."
)
SEED_AUTHOR = "Panah (initial data)"

RULE_FIELDS = (
    "kind", "effect", "valid_from", "valid_until", "decision", "decided_on", "source_title",
    "source_url", "certainty", "notes", "active", "notification_number", "start_assumed",
    "known_from", "issued_from",
)  # fmt: skip
DEFAULTS = {
    "effect": "extends", "active": True, "notification_number": "", "start_assumed": False,
    "known_from": None, "issued_from": None, "decided_on": None, "notes": "",
}  # fmt: skip


def _revise(revision_model, rule, values, reason) -> None:
    last = rule.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    revision_model.objects.create(
        rule=rule, number=last + 1, reason=reason, changed_by_name=SEED_AUTHOR,
        by_platform_staff=True, **{name: values[name] for name in RULE_FIELDS},
    )  # fmt: skip


def seed_validity_timeline(rule_model, revision_model) -> int:
    """Bring the shared timeline to RULES: correct the first seed's rows in place (a new
    version each, earlier versions kept) and add the missing rules with version 1.

    A row is found by its kind and its current or first-seed decision text. Takes the
    models as arguments so the data migration can pass its historical ones. Returns the
    number of rules added or corrected.
    """
    touched = 0
    shared = rule_model.objects.filter(organisation__isnull=True)
    for row in RULES:
        row = dict(row)
        replaces = row.pop("replaces", None)
        values = {**DEFAULTS, **row}
        decisions = [values["decision"], *([replaces] if replaces else [])]
        rule = shared.filter(kind=values["kind"], decision__in=decisions).order_by("pk").first()
        if rule is None:
            rule = rule_model.objects.create(**values)
            _revise(revision_model, rule, values, SEED_REASON)
            touched += 1
            continue
        # A rule someone withdrew stays withdrawn: that was a decision, not a seed error.
        values["active"] = rule.active
        if all(getattr(rule, name) == values[name] for name in RULE_FIELDS):
            continue
        for name in RULE_FIELDS:
            setattr(rule, name, values[name])
        rule.save()
        _revise(revision_model, rule, values, CORRECTION_REASON)
        touched += 1
    return touched
