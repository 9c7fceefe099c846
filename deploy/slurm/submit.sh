#!/usr/bin/env bash
# Submits the whole method on a run folder as a chain of Slurm jobs, each starting when the one before ended well
# (--dependency=afterok): train; caption, perturb, generate and the stress test's predictions as N-task array jobs
# (shard i of N per task); the stress test as one job; the counterfactuals reinforcement will use (the targeted
# selection's mining candidates, the random draws) as an array; reinforcement (the fine-tunes) and the report as one job each.
#
#   deploy/slurm/submit.sh RUN N [options of `counterforge settings`]
#   deploy/slurm/submit.sh runs/photos 16 --data /shared/photos --masks /shared/masks --editor diffedit --models /shared/sd15-onnx
#
# RUN must be on a filesystem every node sees (NFS, Lustre, BeeGFS). The settings are recorded in RUN/run.json here, on
# the submitting machine, before anything is queued (a wrong option fails now, not after an hour in the queue); every
# job runs with them. Job ids go to RUN/slurm/jobs.tsv and job output to RUN/slurm/.
# Environment:
#   GRES          what each job asks for with --gres (default gpu:1; empty: none, a CPU-only cluster)
#   COUNTERFORGE  the tool (default: counterforge on PATH), e.g. "dotnet /opt/counterforge/Counterforge.Cli.dll"
#   SHARDED       the verbs run as arrays (default: caption perturb generate stress-test reinforce)
#   SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT, ...: sbatch's own variables, for every job
# A task that was cancelled or failed: deploy/slurm/resubmit.sh RUN VERB INDEX... (the chain goes on after it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
run=${1:?usage: submit.sh RUN N [settings options]}
shards=${2:?usage: submit.sh RUN N [settings options]}
shift 2
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "N '$shards': a positive whole number of shards" >&2; exit 2; }
tool=${COUNTERFORGE:-counterforge}
gres=${GRES-gpu:1}
sharded=" ${SHARDED-caption perturb generate stress-test reinforce} "

$tool settings --out "$run" "$@"
run=$(cd "$run" && pwd)
mkdir -p "$run/slurm"
jobs="$run/slurm/jobs.tsv"
previous=""
submit() { # VERB ARRAY(yes/no): prints the job id
  local verb=$1 array=$2 args=(--parsable --job-name="cf-$1")
  [ -n "$gres" ] && args+=(--gres="$gres")
  [ -n "$previous" ] && args+=(--dependency="afterok:$previous" --kill-on-invalid-dep=no)
  if [ "$array" = yes ]; then
    args+=(--array="0-$((shards - 1))" --output="$run/slurm/%x-%A_%a.out")
    sbatch "${args[@]}" "$here/counterforge.sbatch" "$verb" "$run" "$shards"
  else
    sbatch "${args[@]}" --output="$run/slurm/%x-%j.out" "$here/counterforge.sbatch" "$verb" "$run"
  fi
}
for step in train caption:array perturb:array generate:array stress-test:array stress-test reinforce:array reinforce report; do
  verb=${step%:array}
  if [ "$step" != "$verb" ] && [[ "$sharded" == *" $verb "* ]]; then
    id=$(submit "$verb" yes); n=$shards
  elif [ "$step" = stress-test:array ] || [ "$step" = reinforce:array ]; then
    continue # not sharded: the one job of the verb after it does everything
  else
    id=$(submit "$verb" no); n=1
  fi
  id=${id%%;*}
  printf '%s\t%s\t%s\n' "$verb" "$id" "$n" >> "$jobs"
  echo "$verb: job $id$([ "$n" -gt 1 ] && echo " (array of $n)")"
  previous=$id
done
echo "Submitted; the report will be $run/report.html. Watch: squeue -u $(id -un); job ids in $jobs"
