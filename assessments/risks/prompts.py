"""Starting risks: the six barriers to collaboration found by the research the Emergency
Services Collaboration Working Group commissioned (Universities of Nottingham, Birmingham and
the West of Scotland with Skills for Justice, published 27 March 2015).

Source: https://skillsforjustice.org.uk/news-insights/collaboration-of-emergency-services-in-the-uk
The barrier names are the research's; the cause, effect and starting scores are our wording
and a suggestion the adopting partner is expected to change.
"""

from dataclasses import dataclass

from assessments.risks.models import RiskCategory

SOURCE = (
    "Barrier identified by the ESCWG-commissioned research, 2015 (Universities of Nottingham, "
    "Birmingham and the West of Scotland with Skills for Justice)."
)


@dataclass(frozen=True)
class BarrierPrompt:
    key: str
    barrier: str
    title: str
    cause: str
    effect: str
    category: str
    likelihood: int
    impact: int


BARRIERS = [
    BarrierPrompt(
        "current_focus",
        "The current focus of collaboration",
        "Collaboration stays focused on back-office savings, not the public outcome",
        "Partners' attention is drawn to easy efficiencies and each service's own pressures.",
        "The scheme delivers less for the public than intended and loses support.",
        RiskCategory.STRATEGIC,
        3,
        3,
    ),
    BarrierPrompt(
        "funding",
        "Funding streams and cycles",
        "Partners' funding streams and budget cycles do not line up",
        "Police, fire, ambulance and council budgets are set by different bodies at different "
        "times, some from one-off grants.",
        "Money for the scheme is not available when it is needed, or stops after the first year.",
        RiskCategory.FINANCIAL,
        4,
        4,
    ),
    BarrierPrompt(
        "organisational_differences",
        "Organisational differences",
        "Differences in culture, systems and conditions of service stall the work",
        "Each service has its own culture, rank structure, IT, procedures and terms of service.",
        "Joint teams do not work as one; decisions are delayed while differences are argued.",
        RiskCategory.PEOPLE,
        3,
        3,
    ),
    BarrierPrompt(
        "staff_engagement",
        "Staff engagement and representative bodies",
        "Staff and representative bodies are not engaged early enough",
        "Changes to roles and workplaces are planned without staff, unions and staff associations.",
        "Opposition, disputes or low morale delay or block the scheme.",
        RiskCategory.PEOPLE,
        3,
        4,
    ),
    BarrierPrompt(
        "legislation",
        "Legislation",
        "Legal barriers are found late",
        "Statutory duties, powers, employment law or data-protection rules differ between the "
        "services.",
        "The scheme must be redesigned or paused when a legal obstacle surfaces.",
        RiskCategory.LEGAL,
        2,
        4,
    ),
    BarrierPrompt(
        "national_vision",
        "No consistent shared vision across government departments",
        "Government departments pull the services in different directions",
        "The Home Office, the department responsible for fire and the Department of Health set "
        "different priorities and targets for each service.",
        "National policy or funding changes undercut the local scheme.",
        RiskCategory.STRATEGIC,
        3,
        3,
    ),
]
BARRIERS_BY_KEY = {b.key: b for b in BARRIERS}
