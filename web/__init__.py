"""Pages for supervisors and caseworkers, server-rendered with the GOV.UK Design System."""
