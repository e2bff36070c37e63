"""A throw-away store with the bundled banks and sample leads, so a newcomer sees a real call
in one command (``qualdesk demo``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from qualdesk.core.loader import require_bank
from qualdesk.store.calls import bank_version
from qualdesk.store.csvsource import open_csv
from qualdesk.store.database import Store
from qualdesk.store.leads import campaign_named, import_leads

DATA = Path(__file__).resolve().parent / "data"
SAMPLE_LEADS = DATA / "sample_leads.csv"
DEMO_CAMPAIGN = "demo"


def bundled_banks_dir() -> Path:
    """The bundled question banks (``question_banks/`` of the source tree)."""
    return Path(__file__).resolve().parents[2] / "question_banks"


def make_demo_store(folder: Path | None = None, agent: str = "demo") -> Store:
    """A fresh SQLite store holding the sample leads in a campaign on the SaaS bank."""
    folder = folder or Path(tempfile.mkdtemp(prefix="qualdesk-demo-"))
    store = Store(f"sqlite:///{folder / 'demo.db'}")
    bank = require_bank(bundled_banks_dir() / "saas-bant.yaml")

    def work(session):
        version = bank_version(session, bank)
        campaign = campaign_named(session, DEMO_CAMPAIGN, agent)
        campaign.bank_version_id = version.id
        for other in sorted(bundled_banks_dir().glob("*.yaml")):
            if not other.name.endswith(".tests.yaml"):
                bank_version(session, require_bank(other))
        import_leads(session, open_csv(SAMPLE_LEADS), campaign=DEMO_CAMPAIGN, actor=agent)

    store.run(work, what="making the demo store")
    return store
