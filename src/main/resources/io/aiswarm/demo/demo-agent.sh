#!/bin/sh
# Simulated agent for `swarm demo`: each scenario behaves like one kind of real task.
# Usage: demo-agent.sh SCENARIO NAME MARKDIR
scenario=$1 name=$2 marks=$3
step() { printf '%s\n' "$*"; sleep "${DEMO_STEP:-0.4}"; }
mark() { printf '%s\n' "$name" >> "$marks/$name.mark"; }
case "$scenario" in
  work)
    step "[$name] reading the code"
    step "[$name] editing 3 files"
    step "[$name] running unit tests: 42 passed"
    mark ;;
  press-enter)
    step "[$name] generating the changelog"
    printf 'Press ENTER to continue '
    read -r _
    step "[$name] continued after Enter"
    mark ;;
  dangerous)
    step "[$name] cleaning the workspace"
    printf 'This will run rm -rf build/ and delete 120 files. Continue? [y/N] '
    read -r answer
    if [ "$answer" = y ]; then step "[$name] deleted build/"; else step "[$name] kept build/ (answer: ${answer:-none})"; fi
    mark ;;
  fail)
    step "[$name] compiling"
    echo "[$name] error: cannot find symbol 'frobnicate'" >&2
    exit 3 ;;
  long)
    i=0
    while [ $i -lt "${DEMO_LONG_STEPS:-12}" ]; do step "[$name] long migration, step $i"; i=$((i + 1)); done
    mark ;;
  *) echo "unknown scenario $scenario" >&2; exit 64 ;;
esac
