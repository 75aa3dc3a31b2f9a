/** A product's support FAQ, for the auto-answer tests (each entry answers one kind of question). */
export const SUPPORT_FAQ: readonly { title: string; text: string }[] = [
  {
    title: 'Refunds',
    text: 'You can get a full refund within 14 days of buying a subscription. Open Settings → Billing → Request refund, or email billing@example.com with your order number. The money reaches your card in 5 to 10 business days.',
  },
  {
    title: 'Resetting your password',
    text: 'To reset your password, click "Forgot password" on the login page and enter your email address. The reset link expires after one hour; check your spam folder if it does not arrive.',
  },
  {
    title: 'Dark mode',
    text: 'Dark mode is under Settings → Appearance → Theme. Choose Dark, or System to follow your device.',
  },
  {
    title: 'Outages and maintenance',
    text: 'If the app will not load, check status.example.com for outages. Planned maintenance happens on Tuesdays between 02:00 and 04:00 UTC.',
  },
  {
    title: 'Exporting your notes',
    text: 'You can export all your notes as a ZIP of Markdown files from Settings → Account → Export data. Large exports are emailed to you when they are ready.',
  },
];
