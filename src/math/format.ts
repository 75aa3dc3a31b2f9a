/** A number to 4 places with a real minus sign (−), as the worked arithmetic shows it. */
export const signed = (x: number): string => (x < 0 ? `−${(-x).toFixed(4)}` : x.toFixed(4));

/** `signed`, in brackets when negative, for a factor inside a product. */
export const factor = (x: number): string => (x < 0 ? `(${signed(x)})` : signed(x));
