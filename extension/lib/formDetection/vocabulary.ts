/**
 * Words that tell what a form is for, matched against lowercased names, labels and texts.
 * General vocabulary (several languages), never strings of one particular site.
 */

/** The field asks for the account identifier. Matched inside names like "user_login", "loginfmt". */
export const IDENTIFIER_HINT =
  /user|login|log_in|logon|e-?mail|mail|account|ident|signin|sign_in|customer|member|student|patron|barcode|nick|handle|benutzer|usuario|utilisateur|utente|correo|courriel|gebruiker|anv[aä]ndar|konto|uid|phone.*(or|\/).*mail|mail.*(or|\/).*phone/;

/** The field is clearly something else than an identifier. */
export const NOT_IDENTIFIER_HINT =
  /first.?name|last.?name|full.?name|given|family|surname|address|street|city|zip|postal|country|company|card|cvv|cvc|expir|coupon|promo|voucher|captcha|otp|one-time|verification.?code|\bcode\b|^code|amount|quantity|qty|date|birth|message|comment|subject|title|url|website|keyword|tracking|order/;

/** Never an identifier, whatever else the field says ("user search", "login code"). */
export const NEVER_IDENTIFIER_HINT =
  /search|query|^q$|^s$|captcha|otp|one-time|verification.?code|passcode|\bpin\b|^pin|coupon|promo|voucher|card|cvv|cvc/;

/** The field asks for a phone number (several languages). */
export const PHONE_HINT = /phone|mobile|\bcell|handy|telefon|téléphone|telefone|teléfono|celular|móvil|cellulare|手机|電話|휴대|телефон/;

/**
 * The field is a password by its words, whatever its type says now: a "show password" eye
 * turns it into type=text, and its value must never be taken for the identifier.
 */
export const PASSWORD_HINT =
  /passw|pwd|kennwort|contrase|mot.?de.?passe|senha|wachtwoord|l[öo]senord|has[łl]o|пароль|パスワード|密码|密碼|비밀번호/;

/** A field for a new email, username or phone number: account settings or a sign-up, never a sign-in. */
export const NEW_VALUE_HINT =
  /\bnew[ _-]?(e-?mail|user|login|phone|mobile|number)|neue[nrs]? (e-?mail|benutzer)|nouvel(le)? (adresse|e-?mail)/;

/** A password field meant for a new password: sign-up, change or reset. */
export const NEW_PASSWORD_HINT =
  /new.?pass|create|choose|confirm|repeat|retype|re-type|re-enter|reenter|again|verify|verif|password2|pass2|pwd2|passwd2|repass|re_pass|wiederholen|best[aä]tig|confirmer|confirmar|ripeti/;

/** Sign-in intent: form attributes, headings, button texts. */
export const LOGIN_WORDS =
  /log ?in|log ?on|sign ?in|signin|login|logon|anmelden|einloggen|connexion|se connecter|identifi|iniciar ses|entrar|accedi|inloggen|aanmelden|logga in|zaloguj|войти|вход|увійти|вхід|σύνδεση|είσοδος|giriş|bejelentkez|belépés|přihlás|prihlás|kirjaudu|logg inn|masuk|đăng nhập|เข้าสู่ระบบ|התחבר|כניסה|تسجيل الدخول|ログイン|登录|登入|로그인|authenticat|my account|member area|returning customer|already (have an account|registered|a member)/;

/** Sign-up intent. "Create" alone also covers "create account", "create your profile". */
export const SIGNUP_WORDS =
  /sign ?up|signup|(?<!already )regist(?:er|r)|create|join|enrol|inscri|get started|new account|open an account|konto erstellen|crear cuenta|cr[ée]er|регистр|注册|登録/;

/** Forgot / reset / recover password and the like. */
export const RECOVERY_WORDS =
  /forgot|forgotten|reset|recover|lost|remind|retriev|vergessen|oubli|olvid|change.?pass|update.?pass|new password|unlock/;

export const NEWSLETTER_WORDS =
  /newsletter|subscribe|subscription|mailing|updates|stay in touch|notify|abonn|suscrib|inscrever|sign up for|offers|deals|news/;

export const SEARCH_WORDS = /search|suche|buscar|recherche|query|find/;

/** A checkout step, said by the page's main heading ("Checkout", "Choose your checkout method"). */
export const CHECKOUT_WORDS = /checkout|check out|kasse|paiement|pago|caisse/;

/** Matched on name/id. Not "checkout": a checkout page's own sign-in names its fields checkout_login_*. */
export const PAYMENT_HINT = /cc-|card|credit|cvv|cvc|expir|billing|payment|iban/;

/** A password-type field holding a key or token for a service, not the account's password. */
export const SECRET_HINT = /api.?(key|token)|access.?(key|token)|secret.?key|client.?secret|licen[cs]e.?key|client.?id/;

/** A submit that stores settings: a login button never says "Save". */
export const SETTINGS_WORDS = /\bsave\b|\bupdate\b|speichern|enregistrer|guardar|salvar|opslaan/;

/** Button texts that move an identifier-first flow on. */
export const CONTINUE_WORDS = /next|continue|proceed|weiter|suivant|continuer|siguiente|continuar|avanti|volgende|go\b|submit/;

/** Field names of personal details (name, birthday), matched on name/id only. */
export const PERSONAL_DETAILS_HINT =
  /first.?name|last.?name|full.?name|surname|given.?name|family.?name|fname|lname|birth|dob|bday|vorname|nachname|prenom|nom_|apellido/;
