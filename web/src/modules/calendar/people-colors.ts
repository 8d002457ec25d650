// A colour per person on the team calendar, stable for the order people were picked in.
const palette = [
  '#4b5dd6', // the app's own colour (kith 6) for the first: usually you
  '#12b886',
  '#fd7e14',
  '#be4bdb',
  '#fa5252',
  '#15aabf',
  '#82c91e',
  '#7950f2',
  '#e64980',
  '#fab005',
];

export const colorOf = (index: number) => palette[index % palette.length] ?? '#4b5dd6';
