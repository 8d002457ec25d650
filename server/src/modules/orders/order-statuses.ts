// An order's life: draft → confirmed → fulfilled → invoiced → paid, or cancelled before it is invoiced.
export const orderStatuses = [
  { value: 'draft', label: 'Draft', color: 'gray' },
  { value: 'confirmed', label: 'Confirmed', color: 'blue' },
  { value: 'fulfilled', label: 'Fulfilled', color: 'teal' },
  { value: 'invoiced', label: 'Invoiced', color: 'violet' },
  { value: 'paid', label: 'Paid', color: 'green' },
  { value: 'cancelled', label: 'Cancelled', color: 'red' },
];
export type OrderStatus = 'draft' | 'confirmed' | 'fulfilled' | 'invoiced' | 'paid' | 'cancelled';
