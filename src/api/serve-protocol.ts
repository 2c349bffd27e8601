/**
 * How a page finds and presents `netlens serve`'s token (Jupyter's model: the token is the
 * server user's rights as far as the UI reaches, so it lives in the page, never in a cookie).
 * The printed address carries it as `?token=`; the page moves it into this tab's sessionStorage,
 * removes it from the address bar, and sends it in the WebSocket handshake as a subprotocol
 * (`netlens.token.<token>` beside `netlens`, which the server selects), as browsers let a page
 * set no header there. Scripts may send `Authorization: Bearer <token>` or `/ws?token=` instead.
 */
export const TOKEN_PARAM = 'token';
export const WS_PATH = '/ws';
export const WS_PROTOCOL = 'netlens';
export const WS_TOKEN_PREFIX = 'netlens.token.';
/** The sessionStorage key the page keeps the token under (per tab, gone when the tab closes). */
export const TOKEN_STORAGE_KEY = 'netlens.token';
