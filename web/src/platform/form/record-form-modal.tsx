import { Modal } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ObjectMeta } from '../meta/objects';
import type { KRecord, SubmitOptions } from '../records/records-api';
import { RecordForm } from './record-form';

export function RecordFormModal({
  opened,
  onClose,
  meta,
  record,
  initialValues,
  onSubmit,
}: {
  opened: boolean;
  onClose: () => void;
  meta: ObjectMeta;
  record?: KRecord;
  initialValues?: Record<string, unknown>;
  onSubmit: (values: Record<string, unknown>, opts?: SubmitOptions) => Promise<unknown>;
}) {
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={record ? `Edit ${meta.label.toLowerCase()}` : `New ${meta.label.toLowerCase()}`}
      size="xl"
      fullScreen={phone}
      styles={{ title: { fontWeight: 650, fontSize: 18 } }}
    >
      {opened && (
        <RecordForm
          meta={meta}
          record={record}
          initialValues={initialValues}
          submitLabel={record ? 'Save changes' : `Create ${meta.label.toLowerCase()}`}
          onSubmit={onSubmit}
          onCancel={onClose}
        />
      )}
    </Modal>
  );
}
