// The build-time variables the dashboard reads (Vite inlines them): only src/lib/api-origin.ts does.
interface ImportMetaEnv {
  /** The API's origin when the dashboard is hosted elsewhere (Cloudflare Pages); unset = this page's. */
  readonly VITE_PARLEY_API_ORIGIN?: string;
}
