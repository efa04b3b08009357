"""The validity timeline as first seeded (domain brief). Administrators edit it in the app.

Start dates are not in most sources: unless a source gives one, a rule is taken
to run from the day after the previous expiry, because extensions were announced
late and applied back to the lapse. Each such assumption is written in the notes.
"""

from datetime import date

SEEDED_BY = "Panah (initial data)"

ASSUMED_START = "Start date assumed: the day after the previous expiry (extensions were applied back to the lapse)."  # noqa: E501

POR = "por"
ACC = "acc"

RULES = [
    dict(kind=POR, valid_from=date(2014, 1, 1), valid_until=date(2015, 12, 31),
         decision="2014 renewal of PoR cards, valid until 31 Dec 2015", decided_on=None,
         source_title="The Nation, 1 Oct 2014", source_url="https://nation.com.pk",
         certainty="confirmed", notes=ASSUMED_START),
    dict(kind=POR, valid_from=date(2016, 1, 1), valid_until=date(2017, 3, 31),
         decision="Extension of PoR cards to 31 Mar 2017", decided_on=None,
         source_title="UNHCR Pakistan, asylum-system page (archived)",
         source_url="https://www.unhcr.org/pk", certainty="confirmed", notes=ASSUMED_START),
    dict(kind=POR, valid_from=date(2017, 4, 1), valid_until=date(2018, 1, 31),
         decision="Extension of PoR cards to 31 Jan 2018 (inferred)", decided_on=None,
         source_title="The Nation, 1 Feb 2018", source_url="https://nation.com.pk",
         certainty="uncertain",
         notes="Inferred from the report of a 60-day extension 'after the 31 Jan 2018 expiry'; "
               "the decision that ran the cards to 31 Jan 2018 is not identified."),
    dict(kind=POR, valid_from=date(2018, 2, 1), valid_until=date(2018, 3, 31),
         decision="60-day extension of PoR cards after the 31 Jan 2018 expiry", decided_on=None,
         source_title="The Nation, 1 Feb 2018", source_url="https://nation.com.pk",
         certainty="confirmed", notes=ASSUMED_START),
    dict(kind=POR, valid_from=date(2018, 4, 1), valid_until=date(2018, 6, 30),
         decision="Federal cabinet decision extending PoR cards to 30 Jun 2018",
         decided_on=date(2018, 2, 20),
         source_title="ReliefWeb, Pakistan registration update",
         source_url="https://reliefweb.int", certainty="confirmed", notes=ASSUMED_START),
    dict(kind=POR, valid_from=date(2018, 7, 1), valid_until=date(2019, 6, 30),
         decision="Federal cabinet decision extending PoR cards to 30 Jun 2019",
         decided_on=date(2018, 10, 2),
         source_title="ReliefWeb, Pakistan registration update, 31 Dec 2018",
         source_url="https://reliefweb.int", certainty="confirmed", notes=ASSUMED_START),
    dict(kind=POR, valid_from=date(2019, 7, 1), valid_until=date(2020, 6, 30),
         decision="Notification extending PoR cards to 30 Jun 2020",
         decided_on=date(2019, 6, 27),
         source_title="Commissionerate for Afghan Refugees, Punjab",
         source_url="https://car.punjab.gov.pk", certainty="confirmed", notes=ASSUMED_START),
    dict(kind=POR, valid_from=date(2020, 7, 1), valid_until=date(2023, 6, 30),
         decision="Smart PoR cards of the 2021-22 renewal (DRIVE), two-year validity to "
                  "30 Jun 2023", decided_on=None,
         source_title="UNHCR Pakistan, DRIVE page", source_url="https://www.unhcr.org/pk",
         certainty="confirmed", notes=ASSUMED_START),
    dict(kind=POR, valid_from=date(2023, 7, 1), valid_until=date(2023, 12, 31),
         decision="Federal cabinet decision extending PoR cards to 31 Dec 2023 (notification "
                  "of 10 Nov 2023)", decided_on=date(2023, 11, 10),
         source_title="The Nation, 9 Nov 2023", source_url="https://nation.com.pk",
         certainty="confirmed", notes=ASSUMED_START),
    dict(kind=POR, valid_from=date(2024, 1, 1), valid_until=date(2024, 3, 31),
         decision="Extension of PoR cards to 31 Mar 2024 (inferred)", decided_on=None,
         source_title="The Nation, 27 Apr 2024", source_url="https://nation.com.pk",
         certainty="uncertain",
         notes="Inferred from reports that cards 'expired on 1 April 2024'."),
    dict(kind=POR, valid_from=date(2024, 1, 1), valid_until=date(2024, 6, 30),
         decision="Federal cabinet decision of Apr 2024 extending PoR cards to 30 Jun 2024",
         decided_on=None,
         source_title="The Nation, 27 Apr 2024", source_url="https://nation.com.pk",
         certainty="confirmed",
         notes=ASSUMED_START + " Exact day of the cabinet decision not recorded (April 2024)."),
    dict(kind=POR, valid_from=date(2024, 7, 1), valid_until=date(2025, 6, 30),
         decision="Federal cabinet decision of 10 Jul 2024; SAFRON notification for "
                  "1 Jul 2024 to 30 Jun 2025", decided_on=date(2024, 7, 10),
         source_title="The News, 1212486", source_url="https://www.thenews.com.pk/print/1212486",
         certainty="confirmed", notes="Period as stated in the notification."),
    dict(kind=POR, effect="ends", valid_from=date(2025, 7, 31), valid_until=None,
         decision="PoR cards not renewed after 30 Jun 2025; Interior Ministry: holders "
                  "unlawful from 31 Jul 2025, formal deportation from 1 Sep 2025",
         decided_on=None, source_title="News reports, Aug 2025", source_url="",
         certainty="confirmed", notes="IFRP phase 3."),
    dict(kind=ACC, valid_from=date(2017, 8, 16), valid_until=date(2025, 3, 31),
         decision="Afghan Citizen Card approved by the federal cabinet on 7 Feb 2017; "
                  "registration from 16 Aug 2017; temporary stay for periods the "
                  "government sets", decided_on=date(2017, 2, 7),
         source_title="Federal cabinet approval of the Afghan Citizen Card (domain brief)",
         source_url="", certainty="uncertain",
         notes="The periods of stay the government set for ACC holders are not verified; "
               "the end date is the IFRP phase 2 deadline."),
    dict(kind=ACC, effect="ends", valid_from=date(2025, 4, 1), valid_until=None,
         decision="IFRP phase 2: notice of 7 Mar 2025 requiring ACC holders to leave by "
                  "31 Mar 2025; deportation from 1 Apr 2025", decided_on=date(2025, 3, 7),
         source_title="Illegal Foreigners Repatriation Plan, phase 2 (news reports, Mar 2025)",
         source_url="", certainty="confirmed", notes="IFRP phase 2."),
]  # fmt: skip

SEED_REASON = "Seeded from the domain brief's PoR timeline and ACC facts."

REVISION_FIELDS = (
    "kind", "effect", "valid_from", "valid_until", "decision", "decided_on", "source_title",
    "source_url", "certainty", "notes", "active",
)  # fmt: skip


def seed_validity_timeline(rule_model, revision_model) -> int:
    """Add the seed rules that are missing (matched by kind and decision), each with version 1.

    Takes the models as arguments so the data migration can pass its historical ones.
    """
    made = 0
    for row in RULES:
        values = {"effect": "extends", "active": True, **row}
        if rule_model.objects.filter(kind=values["kind"], decision=values["decision"]).exists():
            continue
        rule = rule_model.objects.create(**values)
        revision_model.objects.create(
            rule=rule, number=1, reason=SEED_REASON, changed_by_name=SEEDED_BY,
            **{name: values[name] for name in REVISION_FIELDS},
        )  # fmt: skip
        made += 1
    return made
