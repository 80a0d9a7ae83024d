#!/bin/sh
# Installed by `swarm hooks install`: an agent CLI runs this at a turn start, a turn end or a permission prompt,
# and it appends one JSON line to the swarm's status.log (plain shell: no JVM per event).
# Usage: ai-swarm-hook.sh AGENT EVENT STATE [stdin|arg]   (payload: JSON on stdin, or as the last argument)
# Outside a swarm worker (AI_SWARM_WORKER_ID unset) it does nothing, so a person using the agent is not logged.
agent=$1 event=$2 state=$3 from=${4:-stdin}
payload=""
if [ "$from" = stdin ]; then payload=$(cat 2>/dev/null); else shift 4 2>/dev/null && for a; do payload=$a; done; fi
[ -n "${AI_SWARM_WORKER_ID:-}" ] || exit 0
dir=${AI_SWARM_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
safe() { printf '%s' "$1" | tr -cd 'A-Za-z0-9._-' | cut -c1-64; }
worker=$(safe "$AI_SWARM_WORKER_ID")
task=""
[ -r "$dir/agents/$worker.task" ] && task=$(safe "$(cat "$dir/agents/$worker.task")")
# the agent's own words ("Claude needs your permission to use Bash"), made safe for a JSON string
msg=$(printf '%s' "$payload" | sed -n 's/.*"message"[[:space:]]*:[[:space:]]*"\([^"\\]*\)".*/\1/p' | head -n 1 \
  | tr -cd '[:alnum:][:space:].,:;()/_+=@#%-' | tr '\n\t' '  ' | cut -c1-200)
ts=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ 2>/dev/null)
case "$ts" in *N*|"") ts=$(date -u +%Y-%m-%dT%H:%M:%S.000Z) ;; esac
printf '{"ts":"%s","worker_id":"%s","task_id":"%s","state":"%s","message":"%s","meta":{"source":"hook","agent":"%s","event":"%s"}}\n' \
  "$ts" "$worker" "$task" "$(safe "$state")" "${msg:-$agent $event}" "$(safe "$agent")" "$(safe "$event")" >> "$dir/status.log"
# Gemini CLI reads a hook's stdout as JSON: an empty object means "carry on".
[ "$agent" = gemini ] && printf '{}\n'
exit 0
