package io.aiswarm.cli;

import io.aiswarm.master.QueueNotes;
import io.aiswarm.master.StatusReport;
import io.aiswarm.state.Json;
import io.aiswarm.state.StatusEvent;
import io.aiswarm.state.pg.Lease;
import io.aiswarm.state.pg.PgClusterView;
import io.aiswarm.state.pg.PgEvent;
import io.aiswarm.state.pg.TaskClaim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `swarm status` on a shared store: every machine (its master live or lost), the leader, the workers that need a
 * person first, every worker of every machine from its last event and claim, and the queue's totals.
 */
final class ClusterStatus {
    private final PgClusterView view;
    private final String store;
    /** Declined and blocked tasks; no task is called unroutable (another machine may have its worker). */
    private final QueueNotes notes;

    ClusterStatus(PgClusterView view, String store, QueueNotes notes) {
        this.view = view;
        this.store = store;
        this.notes = notes;
    }

    String toTable() {
        StringBuilder out = new StringBuilder();
        out.append("store: ").append(store).append('\n');
        out.append("leader: ").append(view.leader().filter(view::isLive)
                .map(l -> l.holder() + " (epoch " + l.epoch() + ")").orElse("none")).append('\n');
        out.append("machines:\n");
        if (view.machines().isEmpty()) out.append("  none yet (`swarm up` on a machine starts its master)\n");
        for (Lease m : view.machines()) {
            out.append(String.format("  %-16s master %s%n", m.key().name(), view.isLive(m)
                    ? "live (epoch " + m.epoch() + ", lease until " + m.expiresAt() + ")"
                    : "lost or stopped (lease ended " + m.expiresAt() + "; its claims go back to the queue once"
                            + " they expire)"));
        }
        List<PgEvent> help = view.workers().stream().filter(e -> PgClusterView.needsHelp(e.event())).toList();
        if (!help.isEmpty()) {
            out.append("NEEDS HELP (answer on that machine with: swarm send WORKER TEXT --enter)\n");
            for (PgEvent e : help) {
                out.append(String.format("  %s/%s  %s  task %s  waiting %s  %s%n", e.host(), e.event().workerId(),
                        e.event().state(), dash(e.event().taskId()), age(e.event()), e.event().message()));
            }
        }
        out.append(String.format("%-16s %-10s %-8s %-14s %-9s %s%n", "MACHINE", "WORKER", "STATE", "TASK", "SINCE",
                "NOTE"));
        for (PgEvent e : view.workers()) {
            StatusEvent ev = e.event();
            out.append(String.format("%-16s %-10s %-8s %-14s %-9s %s%n", e.host(), ev.workerId(), ev.state(),
                    dash(ev.taskId()), age(ev) + " ago", note(e)));
        }
        notes.appendTo(out, view.queue());
        return out.toString();
    }

    String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ts", view.at());
        json.put("store", store);
        json.put("leader", view.leader().filter(view::isLive).map(Lease::holder).orElse(null));
        List<Map<String, Object>> machines = new ArrayList<>();
        for (Lease m : view.machines()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("host", m.key().name());
            row.put("master", view.isLive(m) ? "live" : "lost");
            row.put("epoch", m.epoch());
            row.put("lease_until", m.expiresAt());
            machines.add(row);
        }
        json.put("machines", machines);
        json.put("help", view.workers().stream().filter(e -> PgClusterView.needsHelp(e.event())).map(this::worker)
                .toList());
        json.put("workers", view.workers().stream().map(this::worker).toList());
        notes.putJson(json, view.queue());
        try {
            return Json.PRETTY.writeValueAsString(json) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> worker(PgEvent e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("host", e.host());
        row.put("worker_id", e.event().workerId());
        row.put("state", e.event().state().name());
        row.put("task_id", e.event().taskId());
        row.put("since", e.event().ts());
        row.put("note", note(e));
        return row;
    }

    private String note(PgEvent e) {
        List<String> notes = new ArrayList<>();
        view.claimOf(e.host(), e.event().workerId()).ifPresent(c -> notes.add(claim(c)));
        if (!e.event().message().isEmpty()) notes.add(e.event().message());
        return String.join("; ", notes);
    }

    private static String claim(TaskClaim c) {
        return "claim " + c.fence() + " of " + c.taskId() + " until " + c.leaseExpiresAt();
    }

    private String age(StatusEvent e) {
        return StatusReport.age(Duration.between(e.ts(), view.at()).toMillis());
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
