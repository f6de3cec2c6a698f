"""Questions asked of a plan, as pure functions of the plan and an as-of date."""
