"""Draw the stage machine as a Mermaid diagram, read from the transitions themselves."""

from django_fsm import GET_STATE

from planner.models import Stage
from workflows.models import NEXT_STAGE, PREVIOUS_STAGE, PlanWorkflow
from workflows.services import TRANSITIONS


def stage_machine_mermaid() -> str:
    lines = ["stateDiagram-v2", f"    [*] --> {Stage.SCOPING.value}"]
    edges = []
    # django-fsm's public list of every transition, one per source stage.
    for transition in PlanWorkflow().get_all_stage_transitions():
        name, source, target = transition.name, transition.source, transition.target
        spec = TRANSITIONS[name]
        targets = target.allowed_states if isinstance(target, GET_STATE) else [target]
        for to in targets:
            # advance and send_back move one step along the main line.
            one_step = isinstance(target, GET_STATE) and name in ("advance", "send_back")
            if one_step and to != _neighbour(source, name):
                continue
            gated = " (gate)" if spec.needs_gate else ""
            edges.append((list(TRANSITIONS).index(name), f"    {source} --> {to}: {name}{gated}"))
    # In the order the transitions are offered, as the page lists them.
    edges = [edge for _, edge in sorted(edges, key=lambda e: e[0])]
    lines.extend(sorted(set(edges), key=edges.index))
    lines.append(f"    {Stage.CLOSED.value} --> [*]")
    lines.append(f"    {Stage.WITHDRAWN.value} --> [*]")
    return "\n".join(lines) + "\n"


def _neighbour(source, name):
    return (NEXT_STAGE if name == "advance" else PREVIOUS_STAGE)[source]
