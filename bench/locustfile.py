"""The people of the load test (bench/load.py starts it; not a test): officers filing their unit's
report, reviewers reading dashboards and drilling down, and now and then an export of a district's
summary. Each simulated user signs in with a session prepared by bench/load.py (LOAD_PEOPLE, a JSON file).

Every submit answered with a redirect, and every 5xx or dropped connection, is written to LOAD_FILED,
so that bench/load.py can check each filed report in the database afterwards.

The people are FastHttpUsers (geventhttpclient), not HttpUsers (python-requests): locust runs on the
same cores as the server, and locust's documentation gives its fast client several times less CPU
per request, which then goes to the server instead.
"""

import json
import os
import random
import threading

from locust import FastHttpUser, between, events, task
from requests.cookies import create_cookie

PEOPLE = json.loads(open(os.environ["LOAD_PEOPLE"]).read())  # noqa: SIM115
_FILED: list[str] = []
_LOCK = threading.Lock()
_NEXT = {"officer": 0, "reviewer": 0}
#: What htmx sends with the requests it makes: the lists of units then come as a fragment of the dashboard.
HTMX = {"HX-Request": "true"}


def _take(kind: str) -> dict:
    with _LOCK:
        person = PEOPLE[kind][_NEXT[kind] % len(PEOPLE[kind])]
        _NEXT[kind] += 1
    return person


class _Person(FastHttpUser):
    abstract = True
    kind = ""

    def on_start(self):
        self.person = _take(self.kind)
        self.client.cookiejar.set_cookie(create_cookie("sessionid", self.person["session"]))
        self.client.cookiejar.set_cookie(create_cookie("csrftoken", self.person["csrf"]))

    def post_form(self, path: str, data: dict, name: str, **kwargs):
        return self.client.post(
            path,
            data={**data, "csrfmiddlewaretoken": self.person["csrf"]},
            headers={"Referer": self.host + "/"},
            allow_redirects=False,
            name=name,
            **kwargs,
        )


class Officer(_Person):
    """Opens the unit's report, thinks, submits it once; then looks at it and at the home page."""

    kind = "officer"
    weight = 150
    wait_time = between(2, 8)

    def on_start(self):
        super().on_start()
        self.filed = False
        self.edit = f"/reports/{self.person['plan']}/{self.person['unit']}/{self.person['period']}/edit/"

    @task
    def work(self):
        if self.filed:
            self.client.get(self.edit.removesuffix("edit/"), name="report page")
            self.client.get("/", name="home")
            return
        self.client.get(self.edit, name="report form")
        data = {**self.person["figures"], "action": "submit"}
        with self.post_form(self.edit, data, "report submit", catch_response=True) as response:
            if response.status_code == 302:
                self.filed = True
                with _LOCK:
                    _FILED.append(self.person["unit"])
            else:
                response.failure(f"submit answered {response.status_code}")


class Reviewer(_Person):
    """Reads the plan's dashboard at their own unit and drills into a child; sometimes exports."""

    kind = "reviewer"
    weight = 50
    wait_time = between(2, 8)

    @task(10)
    def dashboard(self):
        person = self.person
        child = random.choice(person["children"])
        for unit, name in ((person["unit"], "dashboard"), (child, "drill-down")):
            query = f"?org={unit}&period={person['period']}"
            self.client.get(f"/dashboard/{person['plan']}/{query}", name=name)
            # As the browser does next, with htmx: the units that have not reported, and those against a target.
            self.client.get(f"/dashboard/{person['plan']}/units/{query}", headers=HTMX, name=f"{name}: lists of units")

    @task(3)
    def queue(self):
        self.client.get("/", name="home (review queue)")

    @task(1)
    def export(self):
        district = random.choice(self.person["districts"])
        data = {"org": district, "period": self.person["period"]}
        with self.post_form(f"/dashboard/{self.person['plan']}/export/", data, "summary export (a district)",
                            catch_response=True) as response:  # fmt: skip
            if response.status_code not in (200, 302):
                response.failure(f"export answered {response.status_code}")


_SERVER_ERRORS: list[str] = []


@events.request.add_listener
def _count_server_errors(name, response=None, exception=None, **_kwargs):
    status = getattr(response, "status_code", 0) or 0
    if status >= 500 or (exception is not None and status == 0):
        with _LOCK:
            _SERVER_ERRORS.append(f"{name}: {status or exception!r}")


@events.test_stop.add_listener
def _write_outcome(**_kwargs):
    with open(os.environ["LOAD_FILED"], "w") as out:
        json.dump({"filed": _FILED, "server_errors": _SERVER_ERRORS}, out)
