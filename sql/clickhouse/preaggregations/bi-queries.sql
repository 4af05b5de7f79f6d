-- The architecture document's BI-facing queries, against the views the pipeline maintains.

-- Fast visuals: the pre-aggregation (users per day, last 30 days).
SELECT date, sum(user_count) AS users
FROM user_stats_daily
WHERE date >= today() - 30
GROUP BY date
ORDER BY date;

-- Drill-down: the detail view (current rows only; deleted and superseded versions are hidden).
SELECT *
FROM users
WHERE created_at >= today() - 7
  AND country = 'US';
