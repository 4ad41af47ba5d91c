"""What planner itself adds through the plugin mechanism: the demo's organisations, people
and plans, which every other app's demo builds on (planner is first in INSTALLED_APPS), and
the header's link to the portfolio."""

from planner import demo
from planner.plugins import PlanPlugin
from planner.portfolio.nav import portfolio_nav

PLUGIN = PlanPlugin(demo_build=demo.build, nav_items=[portfolio_nav])
