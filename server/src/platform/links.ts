// Links into the web app, for mail: the public address without its trailing slashes, then a path.
export function appLink(publicUrl: string, path: string): string {
  let end = publicUrl.length;
  while (end > 0 && publicUrl[end - 1] === '/') end--; // a loop, not /\/+$/: linear whatever the input
  return `${publicUrl.slice(0, end)}${path}`;
}
