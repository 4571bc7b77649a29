#!/usr/bin/env bash
# A one-node SLURM cluster on localhost for tests: installs slurm-wlm and munge if missing
# (as root), starts munged, slurmctld and slurmd with a configuration in DIR.
#   slurm_cluster.sh start DIR   -> exit 0 when the node is idle; 77 if SLURM cannot be had
#   slurm_cluster.sh stop DIR    -> stops the daemons it started
# Clients then need SLURM_CONF=DIR/slurm.conf.
set -euo pipefail
action=$1
dir=$(realpath -m "$2")

start() {
  if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "slurm_cluster: slurm-wlm/munge missing and not root: cannot install" >&2
      exit 77
    fi
    echo "slurm_cluster: installing slurm-wlm and munge"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
  fi
  [ "$(id -u)" -eq 0 ] || { echo "slurm_cluster: the daemons need root" >&2; exit 77; }
  mkdir -p "$dir/state" "$dir/spool"
  # munged refuses to start unless its directories belong to the munge user.
  if ! munge -n >/dev/null 2>&1; then
    mkdir -p /run/munge /var/log/munge /var/lib/munge
    chown -R munge:munge /run/munge /var/log/munge /var/lib/munge /etc/munge
    [ -s /etc/munge/munge.key ] || { dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 2>/dev/null; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
    runuser -u munge -- /usr/sbin/munged
    touch "$dir/started-munged"
    for _ in $(seq 1 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  local host cpus
  host=$(hostname -s)
  cpus=$(nproc)
  cat >"$dir/slurm.conf" <<CONF
# One node, no accounting, no cgroups: enough for sbatch, arrays and mpirun.
ClusterName=cogov-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=${COGOV_SLURMCTLD_PORT:-16817}
SlurmdPort=${COGOV_SLURMD_PORT:-16818}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  slurmctld -f "$dir/slurm.conf"
  slurmd -f "$dir/slurm.conf"
  export SLURM_CONF="$dir/slurm.conf"
  for _ in $(seq 1 300); do
    if sinfo -h -o %t 2>/dev/null | grep -q idle; then echo "slurm_cluster: node $host idle"; return 0; fi
    sleep 0.1
  done
  echo "slurm_cluster: the node did not come up; logs:" >&2
  tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
  exit 1
}

stop() {
  for daemon in slurmd slurmctld; do
    [ -f "$dir/$daemon.pid" ] && kill "$(cat "$dir/$daemon.pid")" 2>/dev/null || true
  done
  if [ -f "$dir/started-munged" ]; then
    pkill -u munge -x munged 2>/dev/null || true
    rm -f "$dir/started-munged"
  fi
}

case $action in
  start) start ;;
  stop) stop ;;
  *) echo "usage: slurm_cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
