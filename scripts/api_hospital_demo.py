#!/usr/bin/env python3
"""What a hospital system does with the API (docs/api.md): submit cards with its token, read
them back, and be refused another unit's. Standard library only.

    scripts/api_hospital_demo.py BASE_URL HOSPITAL_TOKEN OTHER_UNIT_NAME OTHER_UNIT_CARD_ID
"""

import json
import sys
import time
import urllib.error
import urllib.request


def call(method, url, token, body=None, key=None):
    request = urllib.request.Request(url, method=method)
    request.add_header("Authorization", f"Token {token}")
    if body is not None:
        request.add_header("Content-Type", "application/json")
        request.data = json.dumps(body, ensure_ascii=False).encode()
    if key:
        request.add_header("Idempotency-Key", key)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def show(title, status, body):
    print(f"--- {title}: HTTP {status}")
    print(json.dumps(body, ensure_ascii=False, indent=1)[:900])


def main(base, token, other_unit, other_card):
    api = base.rstrip("/") + "/api/v1"
    run = time.strftime("%H%M%S")  # card numbers are unique in a community: one set per run
    cards = [
        {  # the national card's own headings, codes and labels, as the hospital's system has them
            "卡片编号": f"DEMO-{run}-1",
            "性别": "女",
            "年龄": 78,
            "户籍": "1",
            "文化程度": "小学",
            "职业": "离退休人员",
            "伤害发生时间": "2026-11-03 08:30",
            "就诊时间": "2026-11-03 09:40",
            "伤害发生原因": "跌倒/坠落",
            "伤害发生地点": "家中",
            "伤害发生时活动": "家务",
            "意图": "非故意（意外事故）",
            "伤害性质": "骨折",
            "伤害部位": "下肢",
            "严重程度": "中度",
            "结局": "住院",
        },
        {  # our field names and codes, ISO 8601 times
            "card_no": f"DEMO-{run}-2",
            "sex": "1",
            "age": 34,
            "residence": 1,
            "education": 5,
            "occupation": 10,
            "injury_at": "2026-11-05T17:45:00+08:00",
            "visit_at": "2026-11-05T18:20:00+08:00",
            "cause": 1,
            "place": 5,
            "activity": 7,
            "intent": 1,
            "nature": 4,
            "body_part": 5,
            "severity": 2,
            "outcome": 1,
        },
    ]
    bad = dict(cards[1], card_no=f"DEMO-{run}-3", age=130, visit_at="2026-11-05T17:00:00+08:00")
    show(
        "1. a batch with a bad card: nothing written",
        *call("POST", f"{api}/injury-cards/bulk/", token, {"cards": [*cards, bad]}),
    )
    key = f"demo-batch-{run}"
    status, body = call("POST", f"{api}/injury-cards/bulk/", token, {"cards": cards}, key)
    show("2. the good batch", status, body)
    status2, body2 = call("POST", f"{api}/injury-cards/bulk/", token, {"cards": cards}, key)
    print(
        f"--- 3. the same batch resent with the same Idempotency-Key: HTTP {status2}, "
        f"same answer: {body2 == body}"
    )
    ids = [c["id"] for c in body.get("cards", [])]
    status, listed = call("GET", f"{api}/injury-cards/?injury_from=2026-11-01", token)
    mine = [c for c in listed.get("results", []) if c["id"] in ids]
    print(
        f"--- 4. read back: HTTP {status}, {listed.get('count')} cards of this unit since "
        f"2026-11-01; ours: "
        + ", ".join(
            f"{c['number']} {c['reporting_unit_name']} age {c['age']} cause {c['cause']}"
            for c in mine
        )
    )
    show("5. another unit's card", *call("GET", f"{api}/injury-cards/{other_card}/", token))
    show(
        "6. a card for another unit",
        *call(
            "POST",
            f"{api}/injury-cards/",
            token,
            dict(cards[0], 卡片编号=f"DEMO-{run}-4", 填报单位=other_unit),
        ),
    )
    show("7. the community's statistics", *call("GET", f"{api}/injury-statistics/", token))


if __name__ == "__main__":
    main(*sys.argv[1:5])
