import {
  type Icon,
  IconAddressBook,
  IconAdjustments,
  IconBox,
  IconBriefcase,
  IconBuilding,
  IconBuildingStore,
  IconCalendar,
  IconChecklist,
  IconCoin,
  IconFileText,
  IconMail,
  IconPhone,
  IconSpeakerphone,
  IconTarget,
  IconTicket,
  IconUser,
  IconUserPlus,
  IconUsers,
} from '@tabler/icons-react';

const icons: Record<string, Icon> = {
  user: IconUser,
  users: IconUsers,
  contact: IconUser,
  building: IconBuilding,
  company: IconBuilding,
  briefcase: IconBriefcase,
  deal: IconCoin,
  coin: IconCoin,
  money: IconCoin,
  ticket: IconTicket,
  article: IconFileText,
  file: IconFileText,
  campaign: IconSpeakerphone,
  megaphone: IconSpeakerphone,
  mail: IconMail,
  calendar: IconCalendar,
  task: IconChecklist,
  phone: IconPhone,
  call: IconPhone,
  store: IconBuildingStore,
  'address-book': IconAddressBook,
  target: IconTarget,
  adjustments: IconAdjustments,
  'user-plus': IconUserPlus,
};

export function ObjectIcon({ name, size = 16, stroke = 1.7 }: { name?: string; size?: number; stroke?: number }) {
  const I = (name && icons[name]) || IconBox;
  return <I size={size} stroke={stroke} />;
}
