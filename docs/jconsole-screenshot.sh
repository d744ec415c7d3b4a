#!/usr/bin/env bash
# Takes docs/jconsole.png from a real JConsole session, so that the README's picture stays true: starts the demo
# LeNet service with jprune, opens JConsole on it under a virtual display, answers the insecure-connection
# question as a person would, opens io.jprune > Model > LeNet > Operations with the keyboard, and captures the
# screen: the operations a console can call (text and numbers) beside the greyed-out forms that take arrays.
#
#   mvn -B -q -DskipTests package && bash docs/jconsole-screenshot.sh
#
# Needs a full JDK 17 (jconsole), and Debian's xvfb, xdotool and imagemagick
# (apt-get install xvfb xdotool imagemagick). The three clicks are screen positions in JConsole's default window
# on a 1280x860 display (the dialog's button, the MBeans tab, the tree's first node); the tree is then walked with
# the keyboard. If a JDK update moves them, the intermediate screenshots (left in $work) show where.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for tool in jconsole Xvfb xdotool import; do
  command -v "$tool" >/dev/null || { echo "jconsole-screenshot: $tool is missing (see the comment at the top)" >&2; exit 2; }
done
work=$(mktemp -d)
display=:${JCONSOLE_DISPLAY:-99}
cleanup() {
  kill "${jconsole_pid:-}" "${app_pid:-}" "${xvfb_pid:-}" 2>/dev/null || true
}
trap cleanup EXIT

java -javaagent:"$root/agent/target/jprune.jar" -jar "$root/demo-app/target/demo-app.jar" --threads 1 \
  >"$work/demo.log" 2>&1 &
app_pid=$!
Xvfb "$display" -screen 0 1280x860x24 >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY=$display
until grep -q 'jprune-demo: accuracy' "$work/demo.log"; do sleep 1; done

jconsole "$app_pid" >"$work/jconsole.log" 2>&1 &
jconsole_pid=$!
until xdotool search --name 'Java Monitoring & Management Console' >/dev/null 2>&1; do sleep 1; done
sleep 8

click() { # x y what [seconds]
  xdotool mousemove "$1" "$2" click 1
  sleep "${4:-2}"
  import -window root "$work/$3.png"
}
keys() { # what key...
  local what=$1
  shift
  for key in "$@"; do
    xdotool key "$key"
    sleep 0.7
  done
  import -window root "$work/$what.png"
}

click 553 257 insecure-connection 8     # "Secure connection failed. Retry insecurely?" -> Insecure connection
click 663 113 mbeans-tab
click 290 136 tree                      # the tree's first node, to give the tree the keyboard
xdotool type --delay 50 io              # type-ahead: io.jprune
keys result Right Down Down Right Down Right Down Down   # expand io.jprune > Model > LeNet, select Operations
sleep 2
import -window root "$work/result.png"
cp "$work/result.png" "$root/docs/jconsole.png"
echo "wrote docs/jconsole.png (the steps' screenshots are in $work)"
