import { describe, expect, it } from 'vitest';
import { detectLoginForm } from './detectLoginForm.ts';
import { resolveOverrides } from './overrides.ts';
import { takeFormSnapshot } from './snapshot.ts';
import { testDocument } from './testPage.ts';

function detect(body: string, title?: string) {
  const { snapshot, elements } = takeFormSnapshot(testDocument(body, title));
  const detection = detectLoginForm(snapshot);
  const idOf = (index: number | undefined) => (index === undefined ? undefined : elements[index]?.id);
  return {
    detection,
    username: idOf(detection?.username),
    password: idOf(detection?.kind === 'password' ? detection.password : undefined),
    submit: idOf(detection?.submit),
  };
}

describe('detectLoginForm', () => {
  it('finds username, password and submit of a classic login form', () => {
    const found = detect(`
      <form id="login"><h2>Sign in</h2>
        <input type="text" name="q" id="search" placeholder="Search">
        <label for="u">Email</label><input id="u" type="email" name="email">
        <label for="p">Password</label><input id="p" type="password" name="password">
        <button id="go">Log in</button></form>`);
    expect(found.detection?.kind).toBe('password');
    expect(found).toMatchObject({ username: 'u', password: 'p', submit: 'go' });
  });

  it('finds an identifier-first step without a <form> whose "Next" sits beside "Forgot email?" and "Create account"', () => {
    const found = detect(
      `<h1>Sign in</h1><div><input id="id" type="email" name="identifier" aria-label="Email or phone" autocomplete="username webauthn">
       <button type="button">Forgot email?</button></div><div><button type="button">Create account</button>
       <button id="next" type="button"><span>Next</span></button></div>`,
      'Sign in',
    );
    expect(found.detection?.kind).toBe('identifier-first');
    expect(found).toMatchObject({ username: 'id', submit: 'next' });
  });

  it('takes no "new email" field of account settings for an identifier, even on a page titled "Login & security"', () => {
    const found = detect(
      `<h2>Change your email address</h2><form action="/account/security/email"><label for="e">New email address</label>
       <input id="e" type="email" name="new_email" autocomplete="email"><button>Send confirmation</button></form>`,
      'Login & security',
    );
    expect(found.detection).toBeNull();
  });

  it('finds the login of an app without <form>s whose toolbar has a site search and a language picker', () => {
    const found = detect(
      `<header><input id="q" type="text" placeholder="Search docs"><select id="lang"><option>English</option></select></header>
       <h2>Sign in</h2><input id="u" formcontrolname="username" placeholder="Username">
       <input id="p" type="password" formcontrolname="password"><button id="go" type="button">Log in</button>`,
      'Console',
    );
    expect(found).toMatchObject({ username: 'u', password: 'p', submit: 'go' });
  });

  it('finds the sign-in of a checkout page (fields named checkout_login_*) and a student ID with a PIN', () => {
    const checkout = detect(
      `<form action="/checkout/login"><h2>Returning customer</h2><input id="u" type="email" name="checkout_login_email">
       <input id="p" type="password" name="checkout_login_password"><button>Sign in</button></form>`,
      'Checkout',
    );
    expect(checkout).toMatchObject({ username: 'u', password: 'p' });
    const library = detect(
      `<form><h2>My Library</h2><label for="u">Student ID or library barcode</label><input id="u" name="code">
       <label for="p">PIN</label><input id="p" type="password" name="pin"><button>Log in to My Library</button></form>`,
    );
    expect(library).toMatchObject({ username: 'u', password: 'p' });
  });

  it('takes a phone number for the identifier of an identifier-first step', () => {
    const found = detect(
      `<h1>Log in</h1><form><select name="cc"><option>+44</option></select><input id="tel" type="tel" name="phone" autocomplete="tel-national">
       <button id="next">Next</button></form>`,
      'Log in',
    );
    expect(found.detection?.kind).toBe('identifier-first');
    expect(found).toMatchObject({ username: 'tel', submit: 'next' });
  });

  it('never takes a code or a PIN typed into a type=tel field (for the number pad) for a phone identifier', () => {
    for (const field of [
      '<input id="c" type="tel" name="code" aria-label="Verification code">',
      '<input id="c" type="tel" name="pin" inputmode="numeric">',
    ]) {
      expect(detect(`<h1>Sign in</h1><form>${field}<button>Continue</button></form>`, 'Sign in').detection).toBeNull();
    }
  });

  it('finds logins with a domain and a language picker, a "PIN + token code" passcode, an "Apply" button, or Ukrainian words', () => {
    const domain = detect(`<form><h2>Webmail</h2><input id="u" name="user"><select name="domain"><option>example.org</option></select>
      <input id="p" type="password" name="pass"><select name="lang"><option>English</option></select><button>Log in</button></form>`);
    expect(domain).toMatchObject({ username: 'u', password: 'p' });
    const token = detect(`<form><h2>VPN</h2><input id="u" name="username"><label for="p">Passcode (PIN + token code)</label>
      <input id="p" type="password" name="passcode"><button>Sign in</button></form>`);
    expect(token).toMatchObject({ username: 'u', password: 'p' });
    const apply = detect(
      `<form><h2>Router login</h2><input id="u" name="username"><input id="p" type="password" name="password"><button>Apply</button></form>`,
    );
    expect(apply).toMatchObject({ username: 'u', password: 'p' });
    const step = detect(
      `<form action="/auth/password"><p>+380 •• ••• 12 34</p><input id="p" type="password" autocomplete="current-password">
      <button>Увійти</button></form>`,
      'Інтернет-банк',
    );
    expect(step).toMatchObject({ password: 'p' });
  });

  it('takes a password named "secret" under "Sign in" for what it is', () => {
    const found = detect(`<form novalidate><h2>Sign in</h2><input id="u" name="principal" aria-label="Work email or username">
      <input id="p" type="password" name="secret" aria-label="Password"><button>Sign in</button></form>`);
    expect(found).toMatchObject({ username: 'u', password: 'p' });
  });

  it('takes no settings form with a password box for a login: an API key, a Wi-Fi password saved with "Save"', () => {
    expect(
      detect(`<h2>Connect your mail service</h2><form><input name="account"><label for="k">API key</label>
        <input id="k" type="password" autocomplete="off"><button>Connect</button></form>`).detection,
    ).toBeNull();
    expect(
      detect(
        `<h2>Wireless settings</h2><form><label for="ssid">Network name</label><input id="ssid" name="ssid">
        <label for="w">Password</label><input id="w" type="password" name="wpa_key"><button>Save</button></form>`,
        'Router',
      ).detection,
    ).toBeNull();
  });

  it('never takes a shown password (type=text after a "show password" click) for the identifier', () => {
    // The password step of a sign-in, its field switched to text by the page's eye button.
    for (const field of ['<input id="p" type="text" name="user[password]">', '<input id="p" type="text" aria-label="Passwort">']) {
      const found = detect(`<h1>Log in</h1><form>${field}<button id="go">Log in</button></form>`, 'Log in');
      expect(found.detection).toBeNull();
    }
    // Beside a real identifier, the identifier is still the one found.
    const found = detect(
      `<form><h2>Sign in</h2><input id="u" name="login"><input id="p" type="text" name="login_password"><button>Sign in</button></form>`,
    );
    expect(found.username).not.toBe('p');
  });

  it('finds the first step of an identifier-first form', () => {
    const found = detect(
      `<h1>Sign in to your account</h1>
       <form><input id="id" type="email" autocomplete="username"><button id="next" type="submit">Next</button></form>`,
      'Sign in',
    );
    expect(found.detection?.kind).toBe('identifier-first');
    expect(found).toMatchObject({ username: 'id', submit: 'next' });
  });

  it('reads fields inside an open shadow root', () => {
    const doc = testDocument('<login-box id="host"></login-box>', 'Log in');
    const host = doc.getElementById('host');
    if (host === null) throw new Error('fixture');
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = `<div><input id="user" name="username"><input id="pass" type="password"><button id="b">Sign in</button></div>`;
    const { snapshot, elements } = takeFormSnapshot(doc);
    const detection = detectLoginForm(snapshot);
    expect(detection?.kind).toBe('password');
    expect(elements[detection?.username ?? -1]?.id).toBe('user');
    expect(elements[detection?.kind === 'password' ? detection.password : -1]?.id).toBe('pass');
  });

  it('rejects a sign-up form', () => {
    const found = detect(`
      <form><h2>Create your account</h2><input name="firstname"><input type="email" name="email">
        <input type="password" name="password" autocomplete="new-password">
        <input type="password" name="password_confirm"><button>Create account</button></form>`);
    expect(found.detection).toBeNull();
  });

  it('rejects a sign-up form with a single password field', () => {
    const found = detect(`<form><input type="email" name="email"><input type="password" name="pw">
      <button>Sign up</button></form>`);
    expect(found.detection).toBeNull();
  });

  it('rejects a forgot-password form', () => {
    const found = detect(
      `<h1>Forgot your password?</h1><form><input type="email" name="email" autocomplete="email">
       <button>Send reset link</button></form><a href="/login">Back to sign in</a>`,
      'Reset password',
    );
    expect(found.detection).toBeNull();
  });

  it('rejects a newsletter form', () => {
    const found = detect(
      `<form class="newsletter"><input type="email" name="email" placeholder="Your email">
      <button>Subscribe</button></form>`,
      'Shop — Sign in for offers',
    );
    expect(found.detection).toBeNull();
  });

  it('rejects a payment form', () => {
    const found = detect(`<form><input name="cardholder"><input name="cardnumber" autocomplete="cc-number">
      <input type="password" name="cvc"><button>Pay</button></form>`);
    expect(found.detection).toBeNull();
  });

  it('rejects the sign-in shortcut of a checkout step (main heading says checkout)', () => {
    const body = (heading: string) => `<h1>${heading}</h1>
      <div><input id="guest" type="email" name="guest_email"><button>Continue as guest</button></div>
      <form><input id="u" type="email" name="email"><input id="p" type="password" name="password"><button>Sign in</button></form>`;
    expect(detect(body('Choose your checkout method'), 'Shop - Sign in').detection).toBeNull();
    // A heading that says both is a sign-in page that happens to lead to the checkout.
    expect(detect(body('Sign in to check out'), 'Shop').password).toBe('p');
  });

  it('finds the sign-in beside a sign-up in one group of loose controls (an app without <form>s)', () => {
    const found = detect(`<div class="modal">
      <input name="first_name"><input type="email" name="signup_email"><input type="password" id="new">
      <button>Sign up</button><button>Sign in with a social account</button>
      <input type="email" id="u" name="signin_email"><input type="password" id="p"><button type="button" id="go">Sign in</button></div>`);
    expect(found).toMatchObject({ username: 'u', password: 'p', submit: 'go' });
  });

  it('reads the heading above fields that sit in no <form> (an app’s identifier step)', () => {
    const step = (heading: string) => `<div class="card"><h2>${heading}</h2><div><div class="field">
      <input id="id" type="email" name="email"></div><button type="button" id="next">Next</button></div></div>`;
    expect(detect(step('Sign in to continue'), 'Example app')).toMatchObject({ username: 'id', submit: 'next' });
    expect(detect(step('Get our weekly offers'), 'Example app').detection).toBeNull();
  });

  it('lets the submit button say what the form is when its other buttons disagree', () => {
    // A "Register" tab before the fields and a password marked new-password by a careless site.
    const found = detect(`<div><button type="button">Log in</button><button type="button">Register</button>
      <input id="u" name="username"><input id="p" type="password" autocomplete="new-password"><button id="go">Log in</button></div>`);
    expect(found).toMatchObject({ username: 'u', password: 'p', submit: 'go' });
  });

  it('takes the control that submits, not a "sign in instead" link-button, as the form’s word', () => {
    const found = detect(`<form><h2>Create your account</h2><input type="email" name="email"><input type="password" name="password">
      <button type="button">Sign in instead</button><button type="submit">Sign up</button></form>`);
    expect(found.detection).toBeNull();
  });

  describe('a page that offers a sign-up form too', () => {
    const signUp = `<form id="reg"><h2>Create an account</h2><input name="first_name"><input type="email" name="email">
      <input type="password" name="password"><button>Sign up</button></form>`;
    const headerLogin = `<form><input id="u" name="email" placeholder="Email"><input id="p" type="password" name="password">
      <button>Log in</button></form>`;

    it('is a sign-up page when the login form is a bar without a heading of its own', () => {
      expect(
        detect(`<header>${headerLogin}</header><main><h1>Connect with friends</h1>${signUp}</main>`, 'Social — log in or sign up')
          .detection,
      ).toBeNull();
    });

    it('is a login page when the login form has its own sign-in heading', () => {
      const found = detect(`<section><h2>Returning customers</h2>${headerLogin}</section><section>${signUp}</section>`, 'My account');
      expect(found).toMatchObject({ username: 'u', password: 'p' });
    });

    it('is a login page when the sign-in form follows the sign-up form under its own heading', () => {
      const signUpFirst = `<form><h2>Create an account</h2><input name="first_name"><input type="email" name="email">
        <input type="password" name="new_password"><button>Sign up</button></form>
        <form><h2>Sign in</h2><input id="u" name="email"><input id="p" type="password" name="password"><button>Sign in</button></form>`;
      expect(detect(signUpFirst, 'Example shop')).toMatchObject({ username: 'u', password: 'p' });
    });

    it('is a login page when the page says sign in (and not "or sign up")', () => {
      expect(detect(`${headerLogin}${signUp}`, 'Sign in').password).toBe('p');
      expect(detect(`${headerLogin}${signUp}`, 'Sign in or register').detection).toBeNull();
    });

    it('judges an identifier-first step the same way', () => {
      const step = `<form><input id="id" type="email" autocomplete="username"><button>Sign in</button></form>`;
      expect(detect(`${step}${signUp}`, 'Example shop').detection).toBeNull();
      expect(detect(`<h2>Already have an account?</h2>${step}${signUp}`, 'Example shop').username).toBe('id');
    });
  });

  it('lets site-owner overrides win over the heuristics', () => {
    const doc = testDocument(`<form><input id="a" name="email"><input id="b" name="member-no">
      <input id="p" type="password"><button id="s">Go</button></form>`);
    const { snapshot, elements } = takeFormSnapshot(doc);
    expect(elements[detectLoginForm(snapshot)?.username ?? -1]?.id).toBe('b');
    const overrides = resolveOverrides(elements, { username: '#a', submit: 'not a [valid selector' });
    const detection = detectLoginForm(snapshot, overrides);
    expect(elements[detection?.username ?? -1]?.id).toBe('a');
    expect(elements[detection?.submit ?? -1]?.id).toBe('s');
  });

  it('never snapshots a field value', () => {
    const doc = testDocument(
      `<form><input name="user" value="alice"><input type="password" value="hunter2"><button>Log in</button></form>`,
    );
    expect(JSON.stringify(takeFormSnapshot(doc).snapshot)).not.toMatch(/alice|hunter2/);
  });
});
