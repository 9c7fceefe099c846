#!/usr/bin/env bash
# Runs again the array tasks of a stage that were cancelled, failed or lost, and lets the chain that submit.sh queued go
# on after them. Each task resumes where it stopped: what it finished is kept, nothing is done twice, and running a task
# that had in fact finished changes nothing.
#
#   deploy/slurm/resubmit.sh RUN VERB INDEX...      e.g.  deploy/slurm/resubmit.sh runs/photos generate 3 11
#
# The job that waited for VERB's array (stuck as DependencyNeverSatisfied, since one task did not end well) then waits
# for the original array to end in any state and for the resubmitted tasks to end well. If a shard is still missing when
# the next stage runs, that stage refuses and names it, with the command that runs it.
# Same environment as submit.sh (GRES, COUNTERFORGE, SBATCH_*).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
run=$(cd "${1:?usage: resubmit.sh RUN VERB INDEX...}" && pwd)
verb=${2:?usage: resubmit.sh RUN VERB INDEX...}
shift 2
[ $# -gt 0 ] || { echo "usage: resubmit.sh RUN VERB INDEX..." >&2; exit 2; }
jobs="$run/slurm/jobs.tsv"
[ -f "$jobs" ] || { echo "$jobs is missing: was the run submitted with submit.sh?" >&2; exit 2; }
# The first array of VERB in the chain, and the job after it.
line=$(awk -F'\t' -v v="$verb" '$1 == v && $3 > 1 { print NR; exit }' "$jobs")
[ -n "$line" ] || { echo "$jobs has no array job of $verb" >&2; exit 2; }
original=$(awk -F'\t' -v n="$line" 'NR == n { print $2 }' "$jobs")
shards=$(awk -F'\t' -v n="$line" 'NR == n { print $3 }' "$jobs")
next=$(awk -F'\t' -v n="$line" 'NR == n + 1 { print $2 }' "$jobs")
gres=${GRES-gpu:1}
indexes=$(IFS=,; echo "$*")
args=(--parsable --job-name="cf-$verb" --output="$run/slurm/%x-%A_%a.out" --array="$indexes")
[ -n "$gres" ] && args+=(--gres="$gres")
id=$(sbatch "${args[@]}" "$here/counterforge.sbatch" "$verb" "$run" "$shards")
id=${id%%;*}
printf '%s\t%s\t%s\t%s\n' "$verb" "$id" "$shards" "resubmitted $indexes of $original" >> "$jobs"
echo "$verb: tasks $indexes of $shards again as job $id"
if [ -n "$next" ]; then
  # Every resubmission of this stage so far must end well.
  resubmitted=$(awk -F'\t' -v v="$verb" -v o="$original" '$1 == v && $4 ~ (" of " o "$") { printf ",afterok:%s", $2 }' "$jobs")
  scontrol update JobId="$next" Dependency="afterany:$original$resubmitted"
  echo "job $next (the next stage) now waits for job $original to end and for ${resubmitted#,} to end well"
fi
