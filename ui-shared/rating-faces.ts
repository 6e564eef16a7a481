// The five faces of a CSAT rating (1 = very bad … 5 = great) as SVG path data on a 24×24 view box,
// drawn the same in the widget and the dashboard. Drawn, not emoji: an emoji font may lack 🙁 or 🙂
// (the test machine's does) and each platform draws them differently.

/** The face's outline and eyes, the same for every rating. */
export const FACE_OUTLINE = 'M12 2a10 10 0 1 0 0 20 10 10 0 1 0 0-20zm0 1.6a8.4 8.4 0 1 1 0 16.8 8.4 8.4 0 1 1 0-16.8z';
export const FACE_EYES = 'M9 8.6a1.3 1.3 0 1 0 0 2.6 1.3 1.3 0 1 0 0-2.6zm6 0a1.3 1.3 0 1 0 0 2.6 1.3 1.3 0 1 0 0-2.6z';

/** Each rating's mouth (and the very bad face's brows), stroked; index 0 is rating 1. */
export const FACE_MOUTHS = [
  'M8 17q4-4.5 8 0M6.8 7l3 1.2M17.2 7l-3 1.2',
  'M8.2 16.4q3.8-2.8 7.6 0',
  'M8.6 15.4h6.8',
  'M8.2 14.2q3.8 2.8 7.6 0',
  'M7.6 13.6q4.4 5.4 8.8 0z',
] as const;
