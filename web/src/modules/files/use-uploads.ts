// Uploads in flight, each with its progress, until it lands (then the list is refreshed) or fails
// (then it stays with its message until dismissed).
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../platform/api';
import { filesKeys } from './files-api';

export interface UploadState {
  key: number;
  name: string;
  size: number;
  /** 0–1 */
  progress: number;
  error?: string;
  /** For a new version: the file it is a version of. */
  fileId?: string;
}

type Start = (file: File, onProgress: (done: number) => void) => { promise: Promise<unknown>; abort: () => void };

export function useUploads() {
  const qc = useQueryClient();
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const aborts = useRef(new Map<number, () => void>());
  const seq = useRef(0);

  useEffect(() => {
    const running = aborts.current;
    return () => {
      for (const abort of running.values()) abort();
    };
  }, []);

  const update = (key: number, patch: Partial<UploadState>) =>
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...patch } : u)));
  const remove = useCallback((key: number) => setUploads((all) => all.filter((u) => u.key !== key)), []);

  const add = (files: File[], start: Start, fileId?: string) => {
    for (const file of files) {
      const key = ++seq.current;
      setUploads((all) => [...all, { key, name: file.name, size: file.size, progress: 0, fileId }]);
      const { promise, abort } = start(file, (progress) => update(key, { progress }));
      aborts.current.set(key, abort);
      promise
        .then(() => {
          remove(key);
          void qc.invalidateQueries({ queryKey: filesKeys.all });
        })
        .catch((e: unknown) => {
          if ((e as Error).name === 'AbortError') remove(key);
          else update(key, { error: errorMessage(e) });
        })
        .finally(() => aborts.current.delete(key));
    }
  };

  const cancel = (key: number) => {
    const abort = aborts.current.get(key);
    if (abort) abort();
    else remove(key);
  };

  return { uploads, add, cancel };
}
