"""What planner itself adds through the plugin mechanism: the demo's organisations, people
and plans, which every other app's demo builds on (planner is first in INSTALLED_APPS)."""

from planner import demo
from planner.plugins import PlanPlugin

PLUGIN = PlanPlugin(demo_build=demo.build)
