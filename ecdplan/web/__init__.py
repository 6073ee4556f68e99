"""`ecdplan serve`: a local web view of the project's plans (Flask, its Jinja2 templates, Werkzeug's server).

- `project`  the files served and written (the project's plans only), each read again when it changes on disk;
- `views`    what the pages show, from the same library calls as the command line;
- `guard`    the safety checks every request passes (Host, password, same-origin writes with a token);
- `app`      the Flask application: pages, downloads, errors as pages;
- `forms`    editing a line or the heading, and importing an uploaded appendix or Word plan;
- `editing`  the YAML editing library, imported when first used;
- `texts`    the pages' words, through the message catalogue.
Imported only by `ecdplan serve` (flask is the optional extra `web`)."""
