#!/usr/bin/env bash
# CPU seconds (user+system) a process has used so far: loadtest/wrk/cpu.sh PID
awk -v hz="$(getconf CLK_TCK)" '{printf "%.3f\n", ($14 + $15) / hz}' "/proc/$1/stat"
