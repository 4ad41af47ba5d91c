"""The whole paper with the other apps' sections: their key figures reach the PDF.

Written once those apps landed; the assertions are on figures any reader of the paper
needs (risk counts, the cashable total), not on their wording elsewhere.
"""

import re
from decimal import Decimal

import pypdf

from assessments.risks.models import BenefitKind
from tests.assessments.risks.factories import BenefitFactory, RiskFactory


def test_risk_counts_and_the_cashable_total_reach_the_pdf(
    report_plan, police_lead, fire_partner, request_report
):
    for i in range(3):
        RiskFactory(plan=report_plan, created_by=police_lead, likelihood=3 + i % 2, impact=4)
    for value in (100000, 50000):
        BenefitFactory(
            plan=report_plan,
            created_by=fire_partner,
            kind=BenefitKind.CASHABLE,
            target_value=Decimal(value),
        )
    version = request_report(report_plan, police_lead)
    assert version.status == "ready", version.failure_reason
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in pypdf.PdfReader(version.file.path).pages)
    )
    # The main body in short form, the appendices in full.
    assert "Top risks" in text and "3 live risks" in text
    assert "Options and benefits" in text and "£150,000 a year" in text
    assert "Appendix B: Joint risk register" in text and "Appendix C: Benefit register" in text
    assert "The economic case" in text and "The management case" in text
