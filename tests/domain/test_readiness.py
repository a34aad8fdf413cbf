import pytest

from halterofit_tui.domain.errors import InvalidInput
from halterofit_tui.domain.readiness import Readiness, readiness_score


def test_best_and_worst_answers_span_the_scale() -> None:
    best = Readiness(sleep_quality=5, sleep_hours=9, stress=1, motivation=5, energy=5, soreness=1)
    worst = Readiness(sleep_quality=1, sleep_hours=0, stress=5, motivation=1, energy=1, soreness=5)
    assert readiness_score(best) == 100.0
    assert readiness_score(worst) == 0.0


def test_mixed_answers_by_hand() -> None:
    # 0.2*0.5 + 0.2*(6/8) + 0.2*0.75 + 0.15*0.5 + 0.15*0.25 + 0.1*1.0 = 0.6125
    answers = Readiness(
        sleep_quality=3, sleep_hours=6, energy=4, stress=3, soreness=4, motivation=5
    )
    assert readiness_score(answers) == 61.2


def test_skipped_answers_drop_out() -> None:
    # only energy 4 (0.75) and stress 2 (0.75): 75 whatever the weights
    assert readiness_score(Readiness(energy=4, stress=2)) == 75.0
    assert readiness_score(Readiness()) is None


@pytest.mark.parametrize(
    "answers", [Readiness(energy=6), Readiness(stress=0), Readiness(sleep_hours=15)]
)
def test_out_of_range_answers_are_refused(answers: Readiness) -> None:
    with pytest.raises(InvalidInput):
        answers.validated()
