// Checklists that remember: filled in by the browser issue; kept as the theme's script hook.
