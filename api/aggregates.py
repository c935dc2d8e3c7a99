"""Read-only aggregates of the API as plain data: the archive's own computations, read.

Readiness and the self-assessment score are ``archive.services.assessment`` (what the
assessment page shows); the per-region figures are ``archive.ranking.rank_communities`` (what
the region pages rank). Nothing is computed a second time here: these functions only pick the
figures out and name them (``api.serializers`` documents the shapes).
"""

from archive import ranking
from archive.services import assessment as assessments
from committee.regions import communities_under


def _section(section):
    return {
        "element": section.section.element,
        "title": section.section.title,
        "earned": section.earned,
        "maximum": section.maximum,
        "percent": section.percent,
        "graded": section.graded,
        "items": len(section.rows),
        "zeros": section.zeros,
    }


def _self_assessment(result):
    if result is None:
        return {
            "assessment": None,
            "earned": None,
            "maximum": None,
            "graded": 0,
            "total_items": 0,
            "zeros": 0,
            "complete": False,
            "verdict": "none",
            "verdict_label": str(assessments.verdict_label("none")),
            "sections": [],
        }
    assessment = result.assessment
    return {
        "assessment": {
            "id": assessment.pk,
            "title": assessment.title,
            "date": assessment.date,
            "scheme": assessment.scheme.name,
        },
        "earned": result.earned,
        "maximum": result.maximum,
        "graded": result.graded,
        "total_items": result.total_items,
        "zeros": result.zeros,
        "complete": result.complete,
        "verdict": result.verdict,
        "verdict_label": str(result.verdict_label),
        "sections": [_section(s) for s in result.sections],
    }


def latest_result(community):
    """The latest self-assessment's result (the assessment page's), or None."""
    latest = assessments.latest_assessment(community)
    return assessments.assessment_result(latest) if latest else None


def self_assessment(community):
    return _self_assessment(latest_result(community))


def readiness(community):
    """Per element the evidence held, the gaps, the documents and the self-score, as the
    assessment overview page shows them, with the latest self-assessment."""
    result = latest_result(community)
    rows = assessments.readiness(community, result)
    return {
        "ready": sum(1 for row in rows if row.state == "ready"),
        "elements": [
            {
                "element": row.element,
                "label": str(row.label),
                "state": row.state,
                "state_label": str(row.state_label),
                "records": row.records,
                "missing": [str(m) for m in row.missing],
                "documents": row.documents,
                "latest_document": row.latest_document,
                "score_percent": row.section.percent if row.section else None,
            }
            for row in rows
        ],
        "self_assessment": _self_assessment(result),
    }


def _score(summary):
    if summary is None:
        return None
    return {
        "assessment_date": summary.assessment.date,
        "earned": summary.earned,
        "maximum": summary.maximum,
        "percent": summary.percent,
        "graded": summary.graded,
        "total_items": summary.total_items,
        "complete": summary.complete,
    }


def region_figures(region, *, today, sort=ranking.DEFAULT_SORT):
    """Every community of the region (its sub-regions included), ranked as on its page."""
    rows = ranking.rank_communities(communities_under(region), today=today, sort=sort)
    return {
        "region": {"code": region.code, "name": region.name, "level": region.level},
        "sort": sort,
        "communities": [
            {
                "slug": row.community.slug,
                "name": row.community.name,
                "region": row.community.region.code if row.community.region else None,
                "coverage": row.coverage,
                "elements_covered": sorted(row.covered),
                "overdue": row.overdue,
                "gap_months": row.gap_months,
                "score": _score(row.score),
            }
            for row in rows
        ],
    }
