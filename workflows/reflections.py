"""A bias reflection at each decision stage: required where the service says, and kept.

The service's model asks practitioners to identify the potential bias at each stage (DESIGN.md,
"The practice model": challenge without shaming, check with colleagues, use the Social
GRACES). Each stage's step calls `reflect`: a reflection given is kept on the pathway with the
stage and what was decided (`decision`, e.g. `transfer:croydon`); none given where the
pathway's `ReflectionPolicy` requires one refuses the step, naming the field. A reflection that
says a colleague was consulted must say who, by role.

Only pathways started under the `reflections-2026-12` patch (`state.reflection_stages`) are
held to this: a running pathway started before keeps the rules it started with, so its
history replays.
"""

from datetime import date

from contracts.pathway import PathwayState
from contracts.referrals import BiasReflection, BiasReflectionRecord
from contracts.reflections import ReflectionStage
from workflows.tasks import Clock, require

PATCH = "reflections-2026-12"

_WORDS = {
    ReflectionStage.ALLOCATION: "an allocation",
    ReflectionStage.CASE_FORMULATION: "a case formulation",
    ReflectionStage.PANEL_CONTRACT: "the panel contract",
    ReflectionStage.PROGRAMME_REFERRAL: "a programme referral",
    ReflectionStage.NO_REFERRAL: "a decision not to refer",
    ReflectionStage.OVERRIDE: "an override of the rules",
    ReflectionStage.COMPLIANCE_WARNING: "a compliance warning",
    ReflectionStage.BREACH_ACTION: "breach action",
    ReflectionStage.TRANSFER: "a transfer decision",
    ReflectionStage.CLOSURE: "a closure",
    ReflectionStage.RESTORATIVE_SUITABILITY: "a restorative suitability decision",
    ReflectionStage.DIVERSION_DECISION: "the joint decision panel's decision",
}


def reflect(
    state: PathwayState,
    clock: Clock,
    reflection: BiasReflection | None,
    stage: ReflectionStage,
    decision: str,
    on: date,
    by: str,
) -> None:
    """Keep the reflection made at `stage`, or refuse the step if one is required and missing.

    `decision`: what is kept as decided, its stage first (`transfer:croydon`; `stage_of` reads
    it back); referrals, overrides, closures and breach actions keep the names they always had.
    """
    if state.reflection_stages:
        require(
            reflection is not None or not clock.reflections.required(stage),
            f"bias_reflection: {_WORDS.get(stage, 'this decision')} needs a bias reflection "
            "(which GRACES aspects were considered, whether it was checked with a colleague "
            "and who, by role)",
        )
        require(
            reflection is None
            or not reflection.colleague_consulted
            or reflection.colleague_role is not None,
            "bias_reflection.colleague_role: say who the decision was checked with, by role",
        )
    if reflection is None:
        return
    state.bias_reflections.append(
        BiasReflectionRecord(
            **reflection.model_dump(),
            decision=decision,
            on=on,
            by=by,
        )
    )
