"""Draw the stage machine as a Mermaid diagram, read from the transitions themselves."""

from django_fsm import GET_STATE

from planner.models import Stage
from workflows.models import NEXT_STAGE, PREVIOUS_STAGE, PlanWorkflow
from workflows.services import TRANSITIONS


def stage_machine_mermaid() -> str:
    lines = ["stateDiagram-v2", f"    [*] --> {Stage.SCOPING.value}"]
    edges = []
    for name, spec in TRANSITIONS.items():
        meta = getattr(PlanWorkflow, name)._django_fsm
        for source, transition in meta.transitions.items():
            target = transition.target
            targets = target.allowed_states if isinstance(target, GET_STATE) else [target]
            for to in targets:
                # advance and send_back move one step along the main line.
                one_step = isinstance(target, GET_STATE) and name in ("advance", "send_back")
                if one_step and to != _neighbour(source, name):
                    continue
                gated = " (gate)" if spec.needs_gate else ""
                edges.append(f"    {source} --> {to}: {name}{gated}")
    lines.extend(sorted(set(edges), key=edges.index))
    lines.append(f"    {Stage.CLOSED.value} --> [*]")
    lines.append(f"    {Stage.WITHDRAWN.value} --> [*]")
    return "\n".join(lines) + "\n"


def _neighbour(source, name):
    return (NEXT_STAGE if name == "advance" else PREVIOUS_STAGE)[source]
