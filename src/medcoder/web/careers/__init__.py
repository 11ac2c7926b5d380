"""CareerCenter on the site: employers post jobs, staff approve them, coders search and apply."""
