"""Runtime code shared by every function. It never imports a domain (functions.*)."""
