-- Records' changes on the timelines of the records they concern (decision 032): a link per audit
-- entry and record (item_kind 'change'), its created_at the entry's time. A timeline reads its
-- newest changes backwards from this index, whatever the number of them.
CREATE INDEX timeline_links_time ON timeline_links (object_type, record_id, item_kind, created_at, item_id);
