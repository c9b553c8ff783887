#!/bin/sh
# Renders front.conf.template into an nginx `upstream` and `server` block on stdout.
#
#   deploy/nginx/render-front.sh LISTEN HOST:PORT... > /etc/nginx/sites-available/portal
#
# e.g. deploy/nginx/render-front.sh 80 127.0.0.1:8080 127.0.0.1:8081
set -eu
if [ "$#" -lt 2 ]; then
    echo "usage: $0 LISTEN HOST:PORT..." >&2
    exit 2
fi
listen=$1
shift
servers=""
for server in "$@"; do
    case "$server" in
        *[!A-Za-z0-9.:_\[\]-]*)
            echo "$0: not a HOST:PORT: $server" >&2
            exit 2 ;;
    esac
    servers="$servers    server $server;\\n"
done
case "$listen" in
    *'|'* | *'"'* | *'$'* | *'\'* | *'&'*)
        echo "$0: LISTEN may not contain | \" \$ \\ or &: $listen" >&2
        exit 2 ;;
esac
template="$(dirname "$0")/front.conf.template"
sed -e "s|@LISTEN@|$listen|g" -e "s|@SERVERS@|$servers|" "$template"
