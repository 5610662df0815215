"""JupyterHub on one server for a mentoring programme: every user lands on the kit's start page.

Users sign in with their system account (PAM); each gets a single-user server running as that account,
so workbooks are kept in each user's home, readable only by them. See docs/jupyterhub.md for the whole setup
(the kit's Python environment, trainers, HTTPS, backups).

Run as root:  jupyterhub -f /etc/jupyterhub/jupyterhub_config.py
"""

import os

c = get_config()  # noqa: F821 - JupyterHub provides get_config() to its config file

# The Python environment the kit is installed in, readable by every user (docs/jupyterhub.md, step 1).
KIT_PYTHON = os.environ.get("MENTORINGKIT_PYTHON", "/opt/mentoringkit/bin/python")
# Hub groups whose members see the facilitator notes; hub admins always do.
TRAINER_GROUP = "mentoringkit-trainers"
# Where a mentor and a mentee on two accounts share their partnership record and invitations. Make it once, as
# root: groupadd mentoringkit-pairs; usermod -aG mentoringkit-pairs USER (each participant);
#   mentoringkit shared-store create /srv/mentoringkit-pairs --group mentoringkit-pairs
SHARED_STORE = "/srv/mentoringkit-pairs"

# -- the hub ----------------------------------------------------------------------------
c.JupyterHub.bind_url = "http://127.0.0.1:8000"  # put HTTPS (e.g. nginx or Caddy) in front; see the docs
c.JupyterHub.authenticator_class = "pam"  # system accounts; any other authenticator works the same way
c.Authenticator.allow_all = True  # every account that can sign in; or list them: c.Authenticator.allowed_users
c.Authenticator.admin_users = set()  # e.g. {"programme-lead"}: admins are trainers too
c.JupyterHub.load_groups = {TRAINER_GROUP: {"users": []}}  # e.g. ["tess"]; or manage groups in the hub's admin page

# -- each user's server: the kit --------------------------------------------------------
# LocalProcessSpawner runs each server as the user's own system account. For resource limits per user,
# pip install jupyterhub-systemdspawner and set c.JupyterHub.spawner_class = "systemd" (nothing else changes).
c.JupyterHub.spawner_class = "localprocess"
# The kit's single-user server: Voilà on the module notebooks with the kit's accessible template, code hidden,
# no tracebacks shown, idle kernels culled (mentoringkit/hub.py, singleuser_command).
c.Spawner.cmd = [KIT_PYTHON, "-m", "mentoringkit.hub"]
c.Spawner.default_url = "/voila/render/00_start_here.ipynb"  # users land on the start page
c.Spawner.environment = {"MENTORINGKIT_TRAINER_GROUPS": TRAINER_GROUP, "MENTORINGKIT_SHARED_STORE": SHARED_STORE}
c.Spawner.mem_limit = "1G"  # honoured by SystemdSpawner and Kubernetes; LocalProcessSpawner ignores it
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 90

# Stop servers nobody has used for an hour (their work is already saved): pip install jupyterhub-idle-culler.
# c.JupyterHub.services = [{"name": "idle-culler", "command": ["python3", "-m", "jupyterhub_idle_culler",
#                                                              "--timeout=3600"]}]
# c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
#                             "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]
