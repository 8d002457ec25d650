/** The Kith mark: a rounded square with a stylised K. */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" style={{ flex: 'none', display: 'block' }}>
      <defs>
        <linearGradient id="kith-logo-g" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#6b7bdd" />
          <stop offset="1" stopColor="#3444ab" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill="url(#kith-logo-g)" />
      <path
        d="M11 8v16M11 16.5 19.5 8M14.5 13.2 21 24"
        stroke="#fff"
        strokeWidth="3"
        strokeLinecap="round"
        strokeLinejoin="round"
        fill="none"
      />
    </svg>
  );
}
