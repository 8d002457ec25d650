// Live updates: one WebSocket to /api/v1/realtime; a `record.changed` message invalidates that
// object's lists and the record, a `notification` the notifications. Reconnects with backoff; without it the app simply works as before.
import { type RecordChanged, realtimeClose } from '@kith/common/realtime';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { objectsQuery } from '../platform/meta/objects';
import { invalidateObject } from '../platform/records/records-api';

export function useRealtime() {
  const qc = useQueryClient();
  useEffect(() => {
    let ws: WebSocket | null = null;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const pluralOf = (name: string) => {
      const objects = qc.getQueryData(objectsQuery.queryKey);
      const meta = objects?.find((o) => o.name === name || o.plural === name);
      return meta?.plural ?? `${name}s`;
    };

    const onMessage = (ev: MessageEvent) => {
      let msg: RecordChanged;
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      // A notification of this user's arrived: the bell refetches (and tells of it).
      if ((msg as { type?: string })?.type === 'notification') {
        void qc.invalidateQueries({ queryKey: ['notifications'] });
        // An approval asked of this user, or decided on their request, comes as one too.
        void qc.invalidateQueries({ queryKey: ['approvals'] });
        return;
      }
      if (msg?.type !== 'record.changed' || !msg.object) return;
      const plural = pluralOf(msg.object);
      invalidateObject(qc, plural, msg.id);
      void qc.invalidateQueries({ queryKey: ['related'] });
    };

    let opened = false;
    const connect = () => {
      if (stopped) return;
      const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      try {
        ws = new WebSocket(`${proto}//${window.location.host}/api/v1/realtime`);
      } catch {
        schedule();
        return;
      }
      ws.onopen = () => {
        attempt = 0;
        // What changed before the socket was open went unheard: the bell asks again now (a page
        // signed in a moment before a lead arrived), and after an outage everything does.
        if (opened) void qc.invalidateQueries();
        else void qc.invalidateQueries({ queryKey: ['notifications'] });
        opened = true;
      };
      ws.onmessage = onMessage;
      ws.onclose = (ev) => {
        ws = null;
        // The session ended or the user's rights changed: what the app holds may no longer be
        // theirs to see. Refetching everything shows the sign-in page or the narrower view.
        if (ev.code === realtimeClose.sessionEnded || ev.code === realtimeClose.accessChanged) {
          void qc.invalidateQueries();
          attempt = 0;
        }
        // Too many tabs: wait the longest before trying again.
        if (ev.code === realtimeClose.tooMany) attempt = 7;
        schedule();
      };
      ws.onerror = () => ws?.close();
    };

    const schedule = () => {
      if (stopped) return;
      attempt += 1;
      // 1s, 2s, 4s … up to 60s, with jitter so many tabs do not reconnect in step.
      const delay = Math.min(60_000, 1000 * 2 ** Math.min(attempt - 1, 6)) * (0.75 + Math.random() * 0.5);
      timer = setTimeout(connect, delay);
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      if (ws) {
        ws.onclose = null;
        ws.close();
      }
    };
  }, [qc]);
}
