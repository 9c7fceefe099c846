#!/usr/bin/env bash
# The method on a run folder as a chain of Kubernetes Jobs, the same stages as deploy/slurm/submit.sh: train; caption,
# perturb, generate and the stress test's predictions as Indexed Jobs of N pods (pod i = shard i of N, from
# JOB_COMPLETION_INDEX); the stress test as one pod; the counterfactuals reinforcement will use as an Indexed Job;
# reinforcement and the report as one pod each. Kubernetes has no job dependencies: this script applies each Job and
# waits for it (kubectl wait) before the next, so keep it running (tmux, or a pod of its own).
#
#   deploy/kubernetes/submit.sh RUN N          e.g.  deploy/kubernetes/submit.sh /runs/photos 16
#
# RUN is the run folder's path inside the pods (on the shared volume) and must already hold the run's settings:
#   counterforge settings --out RUN --data ... (run once, in a pod or on a machine that mounts the volume).
# Environment: IMAGE (an image with counterforge on PATH; required), CLAIM (the ReadWriteMany volume claim, default
# counterforge-runs, mounted at /runs), GPUS (per pod, default 1), NAMESPACE (default: the current one),
# TIMEOUT (per stage for kubectl wait, default 24h).
# A stage whose pods kept failing stops the chain; fix the cause and run the same command again: finished stages and
# finished shards are kept, so it resumes. Untested on a real cluster (see job.yaml).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
run=${1:?usage: submit.sh RUN N}
shards=${2:?usage: submit.sh RUN N}
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "N '$shards': a positive whole number of shards" >&2; exit 2; }
image=${IMAGE:?IMAGE: an image with counterforge on PATH}
kubectl=(kubectl ${NAMESPACE:+--namespace "$NAMESPACE"})
label=$(basename "$run" | tr -c 'a-z0-9-\n' '-' | cut -c1-40)
step=0
for stage in train caption:N perturb:N generate:N stress-test:N stress-test reinforce:N reinforce report; do
  verb=${stage%:N}
  step=$((step + 1))
  if [ "$stage" != "$verb" ]; then n=$shards; sharded=$shards; else n=1; sharded=""; fi
  name="cf-$label-$step-$verb"
  sed -e "s|__NAME__|$name|" -e "s|__RUN_LABEL__|$label|" -e "s|__N__|$n|g" -e "s|__BACKOFF__|$((3 * n))|" \
      -e "s|__IMAGE__|$image|" -e "s|__VERB__|$verb|" -e "s|__RUN__|$run|" -e "s|__SHARDS__|$sharded|" \
      -e "s|__GPUS__|${GPUS:-1}|" -e "s|__CLAIM__|${CLAIM:-counterforge-runs}|" "$here/job.yaml" | "${kubectl[@]}" apply -f -
  echo "$verb: job $name ($n pod$([ "$n" -gt 1 ] && echo s))"
  if ! "${kubectl[@]}" wait --for=condition=complete "job/$name" --timeout="${TIMEOUT:-24h}"; then
    echo "job $name did not complete: kubectl logs job/$name; the next stage names any missing shard" >&2
    exit 1
  fi
done
echo "Done: $run/report.html"
