-- The review period and the span of the events, as findings.json states them.
SELECT aa_iso(eval_instant) AS eval_instant, aa_iso(cutoff) AS cutoff,
       aa_iso(earliest_event) AS earliest, aa_iso(latest_event) AS latest
FROM params;
