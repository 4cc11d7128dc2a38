#!/bin/bash
# First boot of a MedTrack instance (Debian 12), run once as root by cloud-init. The CloudFormation
# template (scripts/deploy/aws-template.ts) puts the stack's settings in front of this text as shell
# variables. Installs Node 20, nginx, certbot and pm2, writes /etc/medtrack, installs the
# `medtrack-deploy` and `medtrack-run` commands, then deploys APP_REF. Log: /var/log/medtrack-bootstrap.log
set -euo pipefail
exec > >(tee -a /var/log/medtrack-bootstrap.log) 2>&1
: "${STACK_PREFIX:?}" "${APP_REPO_URL:?}" "${APP_REF:?}" "${AWS_REGION:?}" "${PUBLIC_URL:?}" "${BUCKET:?}"
: "${TOPIC_ARN:?}" "${SES_FROM:?}" "${HOSPITAL_NAME:?}" "${TIME_ZONE:?}" "${SESSION_SECRET_PARAMETER:?}"

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q ca-certificates curl git gnupg sudo nginx certbot python3-certbot-nginx awscli
# Debian 12 ships Node 18; the app needs 20 (package.json engines).
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
apt-get install -y -q nodejs
npm install -g pm2@7

id medtrack >/dev/null 2>&1 || useradd --system --create-home --home-dir /home/medtrack --shell /bin/bash medtrack
install -d -o medtrack -g medtrack /srv/medtrack /srv/medtrack/releases /var/log/medtrack
install -d -m 0750 -o root -g medtrack /etc/medtrack
# pm2 keeps the saved environment (with the session secret) in ~/.pm2: the home stays private.
chmod 0700 /home/medtrack

# Where medtrack-deploy fetches from; the app never reads this file.
cat > /etc/medtrack/deploy.conf <<EOF
APP_REPO_URL=$(printf %q "$APP_REPO_URL")
APP_REF=$(printf %q "$APP_REF")
AWS_REGION=$(printf %q "$AWS_REGION")
SESSION_SECRET_PARAMETER=$(printf %q "$SESSION_SECRET_PARAMETER")
PUBLIC_URL=$(printf %q "$PUBLIC_URL")
EOF

# The app's settings (src/config.ts names them). Add more here, then run `sudo medtrack-deploy --restart`.
# medtrack-deploy appends MEDTRACK_SESSION_SECRET from SSM into medtrack.env; it is never stored here.
{
  echo "# Written at first boot from the CloudFormation stack ${STACK_PREFIX}."
  env_line() { printf '%s=%q\n' "$1" "$2"; }
  env_line NODE_ENV production
  env_line MEDTRACK_MODE aws
  env_line AWS_REGION "$AWS_REGION"
  env_line MEDTRACK_TABLE_PREFIX "${STACK_PREFIX}-"
  env_line MEDTRACK_BUCKET "$BUCKET"
  env_line MEDTRACK_VAULT_KMS_KEY_ID "$VAULT_KMS_KEY"
  env_line MEDTRACK_SES_FROM "$SES_FROM"
  env_line MEDTRACK_SNS_TOPIC_ARN "$TOPIC_ARN"
  if [ -n "${SMS_SENDER_ID:-}" ]; then env_line MEDTRACK_SNS_SENDER_ID "$SMS_SENDER_ID"; fi
  env_line MEDTRACK_PUBLIC_URL "$PUBLIC_URL"
  env_line MEDTRACK_HOSPITAL_NAME "$HOSPITAL_NAME"
  env_line MEDTRACK_TIMEZONE "$TIME_ZONE"
} > /etc/medtrack/stack.env
chmod 0640 /etc/medtrack/stack.env /etc/medtrack/deploy.conf
chgrp medtrack /etc/medtrack/stack.env

# pm2 writes the app's logs to /var/log/medtrack (each release's logs/ links there).
cat > /etc/logrotate.d/medtrack <<'EOF'
/var/log/medtrack/*.log {
  daily
  rotate 14
  compress
  delaycompress
  missingok
  notifempty
  copytruncate
}
EOF

# Runs a command as the app user, in the current release, with the app's environment.
cat > /usr/local/bin/medtrack-run <<'EOF'
#!/bin/bash
# medtrack-run CMD...: e.g. `sudo medtrack-run node dist/scripts/create-admin.js --email a@b.org ...`
set -euo pipefail
cd /srv/medtrack/current
exec sudo -u medtrack -H bash -c 'set -a; . /etc/medtrack/medtrack.env; set +a; exec "$@"' medtrack-run "$@"
EOF

cat > /usr/local/bin/medtrack-deploy <<'EOF'
#!/bin/bash
# medtrack-deploy [REF]     fetch REF (branch, tag or commit; default: the stack's AppRef), build it
#                           in a new release folder, switch to it, restart; back to the old one if
#                           /readyz does not answer
# medtrack-deploy --rollback  switch to the previous release and restart
# medtrack-deploy --restart   rewrite the environment and the nginx site, restart the current release
set -euo pipefail
. /etc/medtrack/deploy.conf
ROOT=/srv/medtrack
KEEP_RELEASES=4
as_app() { sudo -u medtrack -H "$@"; }

write_env() {
  local secret
  secret=$(aws ssm get-parameter --region "$AWS_REGION" --name "$SESSION_SECRET_PARAMETER" --with-decryption --query Parameter.Value --output text)
  { cat /etc/medtrack/stack.env; printf 'MEDTRACK_SESSION_SECRET=%q\n' "$secret"; } > /etc/medtrack/medtrack.env.new
  chmod 0640 /etc/medtrack/medtrack.env.new && chgrp medtrack /etc/medtrack/medtrack.env.new
  mv -f /etc/medtrack/medtrack.env.new /etc/medtrack/medtrack.env
}

# deploy/nginx/medtrack.conf from the release, with its server_name and certificate paths set to our
# domain. Until certbot has issued the certificate that config cannot load, so a plain HTTP proxy
# stands in, answering certbot's challenges from /var/www/html as the real config does.
install_site() {
  local domain=${PUBLIC_URL#https://} conf=$ROOT/current/deploy/nginx/medtrack.conf site=/etc/nginx/sites-available/medtrack.conf
  rm -f /etc/nginx/sites-enabled/default
  ln -sfn "$site" /etc/nginx/sites-enabled/medtrack.conf
  if [ -f "$conf" ]; then
    sed -E -e "/server_name[[:space:]]+_;/! s/(server_name)[[:space:]]+[^;]+;/\1 $domain;/" \
      -e "s#/etc/letsencrypt/live/[^/]+/#/etc/letsencrypt/live/$domain/#g" "$conf" > "$site"
    if nginx -t 2>/dev/null; then systemctl reload nginx; return; fi
    echo "deploy/nginx/medtrack.conf does not load yet (no certificate?); serving plain HTTP until it does."
  fi
  cat > "$site" <<SITE
server {
  listen 80;
  server_name $domain;
  location ^~ /.well-known/acme-challenge/ { root /var/www/html; }
  location / {
    proxy_pass http://127.0.0.1:3000;
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$remote_addr;
    proxy_set_header X-Forwarded-Proto \$scheme;
  }
}
SITE
  nginx -t && systemctl reload nginx
}

# pm2 restarts from the release folder it was started in, so a new release means delete + start.
restart() {
  as_app bash -c 'set -a; . /etc/medtrack/medtrack.env; set +a; cd /srv/medtrack/current
    pm2 delete medtrack >/dev/null 2>&1 || true
    pm2 start ecosystem.config.js --env production && pm2 save' || return 1
  curl -fsS --retry 15 --retry-delay 2 --retry-connrefused http://127.0.0.1:3000/readyz >/dev/null
}

switch_to() { ln -sfn "$1" "$ROOT/current.new" && mv -Tf "$ROOT/current.new" "$ROOT/current"; }
# Release folders are named by UTC time, so "previous" is the newest one older than current.
previous() { ls -1d "$ROOT"/releases/* | awk -v current="$(readlink -f "$ROOT/current")" '$0 < current' | tail -n 1; }

# Sets NEW_RELEASE (not printed: a command substitution would not stop on a failing step).
build() {
  NEW_RELEASE=$ROOT/releases/$(date -u +%Y%m%d%H%M%S)
  as_app git init -q "$NEW_RELEASE"
  as_app git -C "$NEW_RELEASE" fetch -q --depth 1 "$APP_REPO_URL" "$1"
  as_app git -C "$NEW_RELEASE" checkout -q --detach FETCH_HEAD
  cd "$NEW_RELEASE"
  as_app npm ci --no-audit --no-fund
  as_app npm run build
  # The build needs the devDependencies (TypeScript); the running app must not carry them, the
  # local emulators among them (aws mode never loads them).
  as_app npm prune --omit=dev --no-audit --no-fund
  cd /
  ln -sfn /var/log/medtrack "$NEW_RELEASE/logs"
}

write_env
case "${1:-}" in
  --restart) install_site; restart ;;
  --rollback)
    target=$(previous); [ -n "$target" ] || { echo "No earlier release to roll back to."; exit 1; }
    switch_to "$target"; install_site; restart; echo "Rolled back to $target" ;;
  *)
    old=""; if [ -L "$ROOT/current" ]; then old=$(readlink -f "$ROOT/current"); fi
    build "${1:-$APP_REF}"
    new=$NEW_RELEASE
    switch_to "$new"; install_site
    if ! restart; then
      echo "The new release did not become ready."
      if [ -n "$old" ]; then switch_to "$old"; install_site; restart; echo "Back on $old"; fi
      exit 1
    fi
    ls -1d "$ROOT"/releases/* | head -n -"$KEEP_RELEASES" | xargs -r rm -rf
    echo "Deployed $(as_app git -C "$new" rev-parse --short HEAD) to $new" ;;
esac
EOF
chmod 0755 /usr/local/bin/medtrack-deploy /usr/local/bin/medtrack-run

# pm2 under systemd as the app user, so the saved process list comes back after a reboot.
pm2 startup systemd -u medtrack --hp /home/medtrack
pm2 kill >/dev/null 2>&1 || true   # the daemon that command started for root
systemctl start pm2-medtrack
medtrack-deploy "$APP_REF"
echo "MedTrack bootstrap finished."
