#!/bin/sh
# Renders portal.conf.template into an nginx `server` block on stdout.
#
#   deploy/nginx/render.sh LISTEN ROOT API_UPSTREAM CSP > /etc/nginx/sites-available/portal
#
# e.g. deploy/nginx/render.sh 80 /srv/portal/dist http://127.0.0.1:8080 \
#        "$(portal-server csp --dist /srv/portal/dist)"
set -eu
if [ "$#" -ne 4 ]; then
    echo "usage: $0 LISTEN ROOT API_UPSTREAM CSP" >&2
    exit 2
fi
listen=$1 root=$2 upstream=$3 csp=$4
case "$root" in
    /*) ;;
    *) echo "$0: ROOT must be an absolute path" >&2; exit 2 ;;
esac
for value in "$listen" "$root" "$upstream" "$csp"; do
    case "$value" in
        *'|'* | *'"'* | *'$'* | *'\'* | *'&'*)
            echo "$0: the values may not contain | \" \$ \\ or &: $value" >&2
            exit 2 ;;
    esac
done
template="$(dirname "$0")/portal.conf.template"
sed -e "s|@LISTEN@|$listen|g" \
    -e "s|@ROOT@|$root|g" \
    -e "s|@API_UPSTREAM@|$upstream|g" \
    -e "s|@CSP@|$csp|g" \
    "$template"
