"""The validity timeline as first seeded, frozen here as it was: migration
0006_correct_validity_timeline brings it up to date (and seeds a fresh database)."""

from datetime import date

from django.db import migrations

SEED_REASON = "Seeded from the domain brief's PoR timeline and ACC facts."
POR = "por"
ACC = "acc"

ASSUMED_START = "Start date assumed: the day after the previous expiry (extensions were applied back to the lapse)."  # noqa: E501

POR = "por"
ACC = "acc"

ORIGINAL_RULES = [
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

REVISION_FIELDS = (
    "kind", "effect", "valid_from", "valid_until", "decision", "decided_on", "source_title",
    "source_url", "certainty", "notes", "active",
)  # fmt: skip


def seed(apps, schema_editor):
    rule_model = apps.get_model("documents", "ValidityRule")
    revision_model = apps.get_model("documents", "ValidityRuleRevision")
    for row in ORIGINAL_RULES:
        values = {"effect": "extends", "active": True, **row}
        if rule_model.objects.filter(kind=values["kind"], decision=values["decision"]).exists():
            continue
        rule = rule_model.objects.create(**values)
        revision_model.objects.create(
            rule=rule, number=1, reason=SEED_REASON, changed_by_name="Panah (initial data)",
            **{name: values[name] for name in REVISION_FIELDS},
        )  # fmt: skip


def unseed(apps, schema_editor):
    ValidityRule = apps.get_model("documents", "ValidityRule")
    Revision = apps.get_model("documents", "ValidityRuleRevision")
    seeded = list(
        ValidityRule.objects.filter(revisions__reason=SEED_REASON, revisions__number=1).values_list(
            "pk", flat=True
        )
    )
    Revision.objects.filter(rule_id__in=seeded).delete()
    ValidityRule.objects.filter(pk__in=seeded).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_seed_petition_templates")]
    operations = [migrations.RunPython(seed, unseed)]
